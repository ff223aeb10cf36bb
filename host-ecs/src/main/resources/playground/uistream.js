// The AI SDK UI message stream v1 as the AI SDK's own client reads it: a fetch body read chunk by
// chunk, SSE frames whose data is one JSON part each, ending with 'data: [DONE]'.
import { SseParser } from './sse.js';

/**
 * Reads the parts of a UI message stream until [DONE] or the end of the body.
 *
 * @param {ReadableStream<Uint8Array>} body the response body
 * @param {(part: object, id: string|null) => void} onPart called for every part, in order
 * @returns {Promise<{done: boolean}>} done is true when the stream ended with [DONE]; false means
 *   the connection ended early and the answer may still be running
 */
export async function readUiStream(body, onPart) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let done = false;
  const parser = new SseParser((event) => {
    if (done) {
      return;
    }
    if (event.data === '[DONE]') {
      done = true;
      return;
    }
    let part;
    try {
      part = JSON.parse(event.data);
    } catch {
      return; // not a part: nothing a client can do with it
    }
    if (part && typeof part.type === 'string') {
      onPart(part, event.id);
    }
  });
  try {
    while (!done) {
      const { value, done: eof } = await reader.read();
      if (eof) {
        break;
      }
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    if (done) {
      reader.cancel().catch(() => {});
    } else {
      reader.releaseLock();
    }
  }
  return { done };
}
