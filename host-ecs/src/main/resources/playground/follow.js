// Following one answer: reading its parts as they arrive, reconnecting after the last part seen
// (Last-Event-ID) when the connection drops, and settling its final status, usage and cost from
// the job's own record once it ends.
import { readUiStream } from './uistream.js';
import { sentence } from './errors.js';

const MAX_RECONNECTS = 6;
const TERMINAL = ['completed', 'cancelled', 'failed'];
const ENDINGS = {
  completed: 'The answer is complete.',
  cancelled: 'The answer was stopped.',
  failed: 'The answer failed.',
  interrupted: 'The page lost the answer.',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page reading one answer: its view, its job, where it is in the stream. */
export class Run {
  constructor(view, chatId, sentAt) {
    this.view = view;
    this.chatId = chatId;
    this.sentAt = sentAt;
    this.jobId = null;
    this.messageId = null;
    this.lastEventId = null;
    this.firstTokenSeen = false;
    this.outcome = null;
    this.errorText = null;
    this.usage = null;
    this.cost = null;
    this.finishReason = null;
    this.stopping = false;
    this.stopWhenKnown = false;
    this.detached = false;
    this.controller = new AbortController();
  }
}

/** Reads answers for one page. */
export class Follower {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {(text: string) => void} options.announce the polite live region
   * @param {(run: Run) => void} options.onJobKnown the stream named the answer's job
   */
  constructor({ api, announce, onJobKnown }) {
    this.api = api;
    this.announce = announce;
    this.onJobKnown = onJobKnown;
  }

  /**
   * Reads parts until the answer ends, reconnecting after Last-Event-ID when the connection
   * drops. Resolves with the answer's final status, or null when the page stopped reading.
   */
  async follow(run, response) {
    let current = response;
    while (current) {
      let ended = false;
      try {
        ended = (await readUiStream(current.body, (part, id) => this.onPart(run, part, id))).done;
      } catch {
        // the connection broke: handled below like an early end
      }
      if (run.detached) {
        return null;
      }
      if (ended) {
        break;
      }
      // An error part without [DONE] is the server saying this reader fell behind, not the end.
      run.outcome = null;
      run.errorText = null;
      run.view.clearError();
      current = await this.reconnect(run);
    }
    return run.detached ? null : this.settle(run);
  }

  async reconnect(run) {
    for (let attempt = 1; attempt <= MAX_RECONNECTS; attempt++) {
      run.view.setStatus('reconnecting');
      this.announce('The connection dropped; reconnecting.');
      await sleep(Math.min(4000, 250 * 2 ** (attempt - 1)));
      if (run.detached) {
        return null;
      }
      try {
        const response = await this.api.resume(run.chatId, run.lastEventId, run.controller.signal);
        if (response) {
          run.view.setStatus(run.stopping ? 'stopping' : 'streaming');
        }
        return response; // null: the answer ended while the page was away
      } catch (e) {
        if (e.name === 'AbortError' || run.detached) {
          return null;
        }
        if (e.status > 0 && e.status < 500 && e.status !== 429) {
          run.view.showError(sentence(e));
          return null;
        }
      }
    }
    return null;
  }

  onPart(run, part, id) {
    if (id != null) {
      run.lastEventId = id;
    }
    const view = run.view;
    switch (part.type) {
      case 'start':
        run.messageId = part.messageId ?? run.messageId;
        if (part.messageMetadata?.jobId) {
          run.jobId = part.messageMetadata.jobId;
          view.setJob(run.jobId);
          this.onJobKnown(run);
        }
        break;
      case 'text-delta':
        this.firstToken(run);
        view.appendText(part.delta ?? '');
        break;
      case 'reasoning-delta':
        this.firstToken(run);
        view.appendReasoning(part.delta ?? '');
        break;
      case 'finish':
        run.outcome = 'completed';
        run.finishReason = part.finishReason ?? null;
        run.usage = part.messageMetadata?.usage ?? null;
        run.cost = part.messageMetadata?.cost ?? null;
        break;
      case 'abort':
        run.outcome = 'cancelled';
        break;
      case 'error':
        run.outcome = 'failed';
        run.errorText = part.errorText ?? 'The answer failed.';
        view.showError(`The answer failed: ${run.errorText}`);
        break;
      default:
        break; // start-step, text-start and the like carry nothing to show
    }
  }

  firstToken(run) {
    if (run.firstTokenSeen) {
      return;
    }
    run.firstTokenSeen = true;
    if (run.sentAt !== null) {
      run.view.setFirstToken(performance.now() - run.sentAt);
    } else {
      run.view.ttft.textContent = 'not measured (resumed)';
    }
    if (!run.stopping) {
      run.view.setStatus('streaming');
    }
    this.announce('The answer is streaming.');
  }

  /** The end: the job's own record confirms the status and fills in usage the stream did not carry. */
  async settle(run) {
    const view = run.view;
    let job = null;
    if (run.jobId) {
      try {
        job = await this.api.job(run.jobId);
      } catch {
        // the stream's own ending is enough to show
      }
    }
    let status = run.outcome;
    if (job && TERMINAL.includes(job.status)) {
      status = job.status;
      if ((job.partialContent ?? '').length > view.text.length) {
        view.setText(job.partialContent);
      }
      if (status === 'failed' && !run.errorText && job.errorMessage) {
        view.showError(`The answer failed: ${job.errorMessage}`);
      }
    }
    if (!status) {
      status = 'interrupted';
      view.showError('The page lost the answer; it may still be running on the server. Reload to follow it.');
    }
    const usage = run.usage ?? job?.usage;
    if (usage && (status === 'completed' || usage.totalTokens > 0)) {
      view.setUsage(usage, run.cost ?? usage.cost);
    } else {
      view.usageNotReported(); // providers report usage at the end: a stopped answer may have none
    }
    view.setStatus(status);
    if (status === 'completed' && run.finishReason === 'length') {
      view.showError('The answer was cut at the model\'s token limit.');
    }
    this.announce(ENDINGS[status] ?? `The answer ended: ${status}.`);
    return status;
  }
}
