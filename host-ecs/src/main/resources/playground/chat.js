// One conversation on the page: sending, showing its history, resuming a running answer after a
// reload, and stop; follow.js reads each answer.
// Generation runs on the server whatever the page does: leaving a conversation or reloading only
// drops this page's reading of it.
import { AnswerView, userMessage } from './answer.js';
import { Follower, Run } from './follow.js';
import { sentence } from './errors.js';

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
    this.follower = new Follower({
      api,
      announce,
      onJobKnown: (run) => {
        if (run.stopWhenKnown) {
          run.stopping = false; // a stop was asked for before the job had a name: send it now
          this.stop();
        }
      },
    });
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

  /** Follows an answer to its end, then keeps it in the history the next message is sent with. */
  async follow(run, response) {
    const status = await this.follower.follow(run, response);
    if (status === null) {
      return;
    }
    if (run.view.text) {
      this.history.push({ id: run.messageId ?? newId('msg'), role: 'assistant', parts: [{ type: 'text', text: run.view.text }] });
    }
    if (this.run === run) {
      this.setRun(null);
    }
    this.onConversation(run.chatId);
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
}
