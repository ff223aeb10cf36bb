// Server-Sent Events, parsed by hand: EventSource cannot POST, cannot send an Authorization
// header, and reconnects on its own terms. This follows the WHATWG event-stream rules: lines end
// in CRLF, LF or CR; a blank line dispatches; ':' starts a comment; 'data' lines join with '\n'.

/** An incremental parser: push decoded text as it arrives, receive whole events. */
export class SseParser {
  /**
   * @param {(event: {id: string|null, type: string, data: string}) => void} onEvent
   * @param {(comment: string) => void} [onComment] keep-alives arrive here
   */
  constructor(onEvent, onComment = () => {}) {
    this.onEvent = onEvent;
    this.onComment = onComment;
    this.buffer = '';
    this.data = [];
    this.type = '';
    this.lastEventId = null;
  }

  /** Feeds the next piece of text; complete lines are handled, the rest waits for more. */
  push(text) {
    const buf = this.buffer + text;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c !== '\n' && c !== '\r') {
        continue;
      }
      if (c === '\r' && i + 1 === buf.length) {
        break; // a CR at the end may be the first half of a CRLF: wait for the next piece
      }
      this.line(buf.slice(start, i));
      if (c === '\r' && buf[i + 1] === '\n') {
        i++;
      }
      start = i + 1;
    }
    this.buffer = buf.slice(start);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line[0] === ':') {
      this.onComment(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') {
      value = value.slice(1);
    }
    if (field === 'data') {
      this.data.push(value);
    } else if (field === 'event') {
      this.type = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastEventId = value;
    }
  }

  dispatch() {
    if (this.data.length === 0) {
      this.type = '';
      return;
    }
    const event = { id: this.lastEventId, type: this.type || 'message', data: this.data.join('\n') };
    this.data = [];
    this.type = '';
    this.onEvent(event);
  }
}
