// One message on the page. An assistant answer shows its text as it grows (rendered as
// markdown), its reasoning folded, and what operators ask about: status, tokens, cost, time to
// first token and the job id.
import { renderMarkdown } from './markdown.js';

const STATUS_WORDS = {
  waiting: 'waiting',
  streaming: 'streaming',
  stopping: 'stopping',
  reconnecting: 'reconnecting',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
  interrupted: 'interrupted',
  running: 'streaming',
  pending: 'waiting',
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Renders a user's message. */
export function userMessage(container, text) {
  const article = el('article', 'message user');
  article.append(el('h2', 'message-role', 'You'));
  const body = el('div', 'message-text');
  body.textContent = text;
  article.append(body);
  container.append(article);
  container.scrollTop = container.scrollHeight;
  return article;
}

function metaRow(dl, label, className) {
  const group = el('div'); // a dt/dd pair in a div keeps each figure on one line when they wrap
  const dd = el('dd', className, '—');
  group.append(el('dt', null, label), dd);
  dl.append(group);
  return dd;
}

/**
 * Runs a change to the message list and, when the reader was at the bottom of it, keeps them
 * there; a reader who scrolled up to read is left alone.
 */
export function keepingBottom(container, change) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 48;
  change();
  if (atBottom) {
    container.scrollTop = container.scrollHeight;
  }
}

/** An assistant answer, live or from history. */
export class AnswerView {
  constructor(container, source) {
    this.text = '';
    this.reasoning = '';
    this.pending = null;
    this.article = el('article', 'message assistant');
    this.article.dataset.source = source;
    this.article.append(el('h2', 'message-role', 'Assistant'));
    this.reasoningBox = el('details', 'reasoning');
    this.reasoningBox.hidden = true;
    this.reasoningBox.append(el('summary', null, 'Reasoning'));
    this.reasoningText = el('div', 'reasoning-text');
    this.reasoningBox.append(this.reasoningText);
    this.body = el('div', 'answer-text');
    this.error = el('p', 'answer-error');
    this.error.hidden = true;
    const dl = el('dl', 'answer-meta');
    this.status = metaRow(dl, 'Status', 'answer-status');
    this.tokens = metaRow(dl, 'Tokens', 'answer-tokens');
    this.cost = metaRow(dl, 'Cost', 'answer-cost');
    this.ttft = metaRow(dl, 'First token', 'answer-ttft');
    this.job = metaRow(dl, 'Job', 'answer-job');
    this.article.append(this.reasoningBox, this.body, this.error, dl);
    this.container = container;
    keepingBottom(container, () => container.append(this.article));
  }

  /** Text arriving: rendered at most every few dozen milliseconds, so long answers stay cheap. */
  appendText(delta) {
    this.text += delta;
    this.schedule();
  }

  setText(text) {
    this.text = text;
    this.render();
  }

  appendReasoning(delta) {
    this.reasoning += delta;
    keepingBottom(this.container, () => {
      this.reasoningBox.hidden = false;
      this.reasoningText.textContent = this.reasoning;
    });
  }

  setReasoning(text) {
    this.reasoning = text;
    this.reasoningBox.hidden = !text;
    this.reasoningText.textContent = text;
  }

  schedule() {
    if (this.pending === null) {
      this.pending = setTimeout(() => this.render(), 30);
    }
  }

  render() {
    if (this.pending !== null) {
      clearTimeout(this.pending);
      this.pending = null;
    }
    keepingBottom(this.container, () => this.body.replaceChildren(renderMarkdown(this.text)));
  }

  setStatus(status) {
    const word = STATUS_WORDS[status] ?? status;
    this.status.textContent = word;
    this.article.dataset.status = word;
    if (['completed', 'cancelled', 'failed', 'interrupted'].includes(word)) {
      this.render();
    }
  }

  statusWord() {
    return this.article.dataset.status;
  }

  setJob(id) {
    if (!id) {
      return;
    }
    this.article.dataset.jobId = id;
    const code = el('code', null, id);
    this.job.replaceChildren(code);
  }

  setUsage(usage, cost) {
    if (usage) {
      const parts = [`${usage.inputTokens ?? 0} in`, `${usage.outputTokens ?? 0} out`];
      if (usage.reasoningTokens) {
        parts.push(`${usage.reasoningTokens} reasoning`);
      }
      this.tokens.textContent = parts.join(' · ');
    }
    if (cost != null && !Number.isNaN(Number(cost))) {
      this.cost.textContent = `$${Number(cost).toFixed(6)}`;
    }
  }

  usageNotReported() {
    this.tokens.textContent = 'not reported';
    this.cost.textContent = 'not reported';
  }

  setFirstToken(ms, how) {
    this.ttft.textContent = `${Math.round(ms)} ms${how ? ` (${how})` : ''}`;
  }

  showError(sentence) {
    this.error.textContent = sentence;
    this.error.hidden = false;
  }

  clearError() {
    this.error.textContent = '';
    this.error.hidden = true;
  }

  remove() {
    this.article.remove();
  }
}
