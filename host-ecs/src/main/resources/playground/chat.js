// One conversation on the page: sending, following an answer as it streams, reconnecting with
// Last-Event-ID when the connection drops, resuming a running answer after a reload, and stop.
// Generation runs on the server whatever the page does: leaving a conversation or reloading only
// drops this page's reading of it.
import { AnswerView, userMessage } from './answer.js';
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

function textOf(message) {
  const parts = Array.isArray(message.parts) ? message.parts : [];
  const text = parts.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('');
  return text || message.content || '';
}

function reasoningOf(message) {
  const parts = Array.isArray(message.parts) ? message.parts : [];
  return parts.filter((p) => p.type === 'reasoning').map((p) => p.text ?? '').join('');
}

/** A random id that also works outside secure contexts (crypto.randomUUID needs one). */
export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The page reading one answer: its view, its job, where it is in the stream. */
class Run {
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

export class Chat {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {HTMLElement} options.container where messages go
   * @param {(text: string|null) => void} options.notice shows (or clears, with null) a page-level error
   * @param {(text: string) => void} options.announce the polite live region
   * @param {(running: boolean) => void} options.onRunning
   * @param {(chatId: string) => void} options.onConversation a conversation was created or updated
   */
  constructor({ api, container, notice, announce, onRunning, onConversation }) {
    this.api = api;
    this.container = container;
    this.notice = notice;
    this.announce = announce;
    this.onRunning = onRunning;
    this.onConversation = onConversation;
    this.chatId = null;
    this.history = [];
    this.run = null;
  }

  get running() {
    return this.run !== null;
  }

  /** Leaves the current conversation for an empty new one. */
  reset() {
    this.detach();
    this.chatId = null;
    this.history = [];
    this.clearMessages();
  }

  clearMessages() {
    for (const node of [...this.container.querySelectorAll('.message')]) {
      node.remove();
    }
    this.container.querySelector('#welcome')?.removeAttribute('hidden');
  }

  hideWelcome() {
    this.container.querySelector('#welcome')?.setAttribute('hidden', '');
  }

  /** Stops reading the current answer; the server goes on generating it. */
  detach() {
    if (this.run) {
      this.run.detached = true;
      this.run.controller.abort();
      this.setRun(null);
    }
  }

  setRun(run) {
    this.run = run;
    this.onRunning(run !== null);
  }

  /**
   * Sends a user message; resolves when the answer has ended (or the page stopped reading it):
   * true when the server accepted the message, false when it refused it (the refusal is shown).
   */
  async send(text, modelId, reasoningEffort) {
    if (this.run) {
      return false;
    }
    this.notice(null);
    const chatId = this.chatId ?? newId('chat');
    const message = { id: newId('msg'), role: 'user', parts: [{ type: 'text', text }] };
    const body = { id: chatId, messages: [...this.history, message], trigger: 'submit-message', modelId };
    if (reasoningEffort) {
      body.reasoningEffort = reasoningEffort;
    }
    this.hideWelcome();
    const userNode = userMessage(this.container, text);
    const run = new Run(new AnswerView(this.container, 'send'), chatId, performance.now());
    run.view.setStatus('waiting');
    this.setRun(run);
    this.announce('Message sent; waiting for the answer.');
    let response;
    try {
      response = await this.api.chat(body, run.controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        return true;
      }
      // Refused before anything was written: the message did not become part of the conversation.
      userNode.remove();
      run.view.remove();
      this.setRun(null);
      this.notice(sentence(e)); // an alert: announced by itself
      this.announce('');
      return false;
    }
    this.chatId = chatId;
    this.history.push(message);
    this.onConversation(chatId);
    run.jobId = response.headers.get('x-job-id');
    run.view.setJob(run.jobId);
    await this.follow(run, response);
    return true;
  }

  /** Opens a stored conversation and, when an answer is still running in it, follows that answer. */
  async open(chatId) {
    this.detach();
    this.notice(null);
    this.chatId = chatId;
    this.history = [];
    this.clearMessages();
    let conversation = await this.api.conversation(chatId);
    const run = new Run(null, chatId, null);
    this.setRun(run);
    let response = null;
    try {
      response = await this.api.resume(chatId, null, run.controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        return;
      }
      this.notice(sentence(e));
    }
    if (run.detached) {
      response?.body?.cancel().catch(() => {});
      return;
    }
    const last = conversation.messages?.at(-1);
    if (!response && last?.role === 'user') {
      // The answer ended between the two calls: read the conversation again to show it.
      conversation = await this.api.conversation(chatId);
    }
    const runningJob = response?.headers.get('x-job-id') ?? null;
    this.showHistory(conversation, runningJob);
    if (!response) {
      this.setRun(null);
      return;
    }
    run.view = new AnswerView(this.container, 'resume');
    run.view.setStatus('streaming');
    run.jobId = runningJob;
    run.view.setJob(runningJob);
    this.announce('Resuming the answer that is still running.');
    await this.follow(run, response);
  }

  showHistory(conversation, skipJobId) {
    const messages = conversation.messages ?? [];
    if (messages.length > 0) {
      this.hideWelcome();
    }
    for (const m of messages) {
      if (m.role === 'assistant' && skipJobId && m.metadata?.jobId === skipJobId) {
        continue;
      }
      const text = textOf(m);
      this.history.push({ id: m.id, role: m.role, parts: [{ type: 'text', text }] });
      if (m.role === 'user') {
        userMessage(this.container, text);
      } else if (m.role === 'assistant') {
        const view = new AnswerView(this.container, 'history');
        view.setReasoning(reasoningOf(m));
        view.setText(text);
        view.setStatus(m.metadata?.status ?? 'completed');
        view.setUsage(m.metadata?.usage, m.metadata?.cost);
        view.setJob(m.metadata?.jobId);
      }
    }
  }

  /** Stops the running answer: the job is cancelled on the server, its partial text kept. */
  async stop() {
    const run = this.run;
    if (!run || run.stopping || !run.view) {
      return;
    }
    run.stopping = true;
    run.view.setStatus('stopping');
    this.announce('Stopping the answer.');
    if (!run.jobId) {
      run.stopWhenKnown = true;
      return;
    }
    try {
      await this.api.cancel(run.jobId);
    } catch (e) {
      run.stopping = false;
      run.view.setStatus('streaming');
      this.notice(sentence(e));
    }
  }

  /** Reads parts until the answer ends, reconnecting after Last-Event-ID when the connection drops. */
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
        return;
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
    if (!run.detached) {
      await this.settle(run);
    }
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
          if (run.stopWhenKnown) {
            run.stopping = false;
            this.stop();
          }
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
    view.setUsage(run.usage ?? job?.usage, run.cost ?? job?.usage?.cost);
    view.setStatus(status);
    if (status === 'completed' && run.finishReason === 'length') {
      view.showError('The answer was cut at the model\'s token limit.');
    }
    if (view.text) {
      this.history.push({ id: run.messageId ?? newId('msg'), role: 'assistant', parts: [{ type: 'text', text: view.text }] });
    }
    this.announce(ENDINGS[status] ?? `The answer ended: ${status}.`);
    if (this.run === run) {
      this.setRun(null);
    }
    this.onConversation(run.chatId);
  }
}
