// The playground page: signs in, lists models and conversations, and hands sending, stopping and
// resuming to Chat. Everything it shows comes from the public contract.
import { Api } from './api.js';
import * as auth from './auth.js';
import { Chat } from './chat.js';
import { sentence } from './errors.js';

const LAST_CHAT_KEY = 'aistudio.playground.lastChat';
const MODEL_KEY = 'aistudio.playground.model';

const $ = (id) => document.getElementById(id);
const ui = {
  tokenForm: $('token-form'),
  token: $('token'),
  signOut: $('sign-out'),
  signedIn: $('signed-in'),
  toggleSidebar: $('toggle-sidebar'),
  sidebar: $('sidebar'),
  newChat: $('new-chat'),
  conversations: $('conversations'),
  conversationsEmpty: $('conversations-empty'),
  notice: $('notice'),
  messages: $('messages'),
  live: $('live-status'),
  composer: $('composer'),
  model: $('model'),
  reasoning: $('reasoning'),
  prompt: $('prompt'),
  send: $('send'),
  stop: $('stop'),
};

const api = new Api(auth.token);

function notice(text) {
  ui.notice.textContent = text ?? '';
  ui.notice.hidden = !text;
}

function announce(text) {
  ui.live.textContent = text;
}

const chat = new Chat({
  api,
  container: ui.messages,
  notice,
  announce,
  onRunning(running) {
    const stopHadFocus = document.activeElement === ui.stop;
    ui.send.disabled = running;
    ui.stop.disabled = !running;
    if (stopHadFocus && !running) {
      ui.prompt.focus(); // a disabled button would drop the keyboard user's focus on the page body
    }
    document.body.dataset.running = String(running);
  },
  onConversation(chatId) {
    remember(chatId);
    loadConversations();
  },
});

/** Errors outside a running answer: a sentence, and the token field when the token is the problem. */
function showError(e) {
  if (e?.name === 'AbortError') {
    return;
  }
  notice(sentence(e));
  if (e?.status === 401) {
    ui.token.focus();
  }
}

let current = null;

function remember(chatId) {
  current = chatId;
  if (chatId) {
    localStorage.setItem(LAST_CHAT_KEY, chatId);
    if (location.hash !== `#/c/${chatId}`) {
      // replaceState: the address follows the conversation without firing hashchange.
      history.replaceState(null, '', `#/c/${encodeURIComponent(chatId)}`);
    }
  } else {
    localStorage.removeItem(LAST_CHAT_KEY);
    history.replaceState(null, '', location.pathname);
  }
  markCurrent();
}

function chatFromAddress() {
  const m = location.hash.match(/^#\/c\/(.+)$/);
  return m ? decodeURIComponent(m[1]) : localStorage.getItem(LAST_CHAT_KEY);
}

function showSignedIn() {
  const t = auth.token();
  const subject = t ? auth.subjectOf(t) : null;
  ui.signedIn.textContent = t ? `Signed in${subject ? ` as ${subject}` : ''}.` : 'Not signed in.';
  ui.signOut.hidden = !t;
}

async function loadModels() {
  const models = await api.models();
  const wanted = localStorage.getItem(MODEL_KEY);
  ui.model.replaceChildren();
  for (const m of models) {
    const option = document.createElement('option');
    option.value = m.key;
    option.textContent = m.name || m.key;
    option.title = `${m.key} · ${m.provider}`;
    option.dataset.reasoning = String(Boolean(m.capabilities?.reasoning));
    ui.model.append(option);
  }
  if (models.some((m) => m.key === wanted)) {
    ui.model.value = wanted;
  }
  if (models.length === 0) {
    notice('No model is available to you. Ask an administrator to grant you one.');
  }
  syncReasoning();
}

function syncReasoning() {
  const option = ui.model.selectedOptions[0];
  const can = option?.dataset.reasoning === 'true';
  ui.reasoning.disabled = !can;
  if (!can) {
    ui.reasoning.value = '';
  }
}

async function loadConversations() {
  if (!auth.token()) {
    return;
  }
  let list;
  try {
    list = await api.conversations();
  } catch (e) {
    showError(e);
    return;
  }
  ui.conversations.replaceChildren();
  for (const c of list) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'conversation';
    button.dataset.chatId = c.id;
    button.textContent = c.title || c.id;
    button.title = c.updatedAt ? `Last active ${new Date(c.updatedAt).toLocaleString()}` : '';
    button.addEventListener('click', () => {
      closeSidebarOnPhone();
      openChat(c.id);
    });
    li.append(button);
    ui.conversations.append(li);
  }
  ui.conversationsEmpty.hidden = list.length > 0;
  markCurrent();
}

function markCurrent() {
  for (const b of ui.conversations.querySelectorAll('button.conversation')) {
    if (b.dataset.chatId === current) {
      b.setAttribute('aria-current', 'true');
    } else {
      b.removeAttribute('aria-current');
    }
  }
}

async function openChat(chatId) {
  remember(chatId);
  try {
    await chat.open(chatId);
  } catch (e) {
    if (e?.status === 404) {
      chat.reset();
      remember(null);
      notice('That conversation was not found; it may belong to another user. A new chat is open.');
      return;
    }
    showError(e);
  }
  markCurrent();
}

function newChat() {
  chat.reset();
  remember(null);
  notice(null);
  announce('A new chat is open.');
  closeSidebarOnPhone();
  ui.prompt.focus();
}

async function submit() {
  const text = ui.prompt.value.trim();
  if (!text || chat.running) {
    return;
  }
  if (!auth.token()) {
    notice('Sign in first: paste a token in the Token field above.');
    ui.token.focus();
    return;
  }
  if (!ui.model.value) {
    notice('Choose a model first.');
    ui.model.focus();
    return;
  }
  ui.prompt.value = '';
  const accepted = await chat.send(text, ui.model.value, ui.reasoning.value || null);
  if (!accepted) {
    ui.prompt.value = text; // refused before anything was written: let the user try again as is
  }
}

async function start() {
  showSignedIn();
  if (!auth.token()) {
    notice(null);
    return;
  }
  try {
    await loadModels();
  } catch (e) {
    showError(e);
    return;
  }
  await loadConversations();
  const last = chatFromAddress();
  if (last) {
    openChat(last); // not awaited: a resumed answer streams while the page is already usable
  }
}

function closeSidebarOnPhone() {
  if (ui.sidebar.classList.contains('open')) {
    ui.sidebar.classList.remove('open');
    ui.toggleSidebar.setAttribute('aria-expanded', 'false');
  }
}

ui.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!ui.token.value.trim()) {
    notice('Paste a token first.');
    ui.token.focus();
    return;
  }
  auth.signIn(ui.token.value);
  ui.token.value = ''; // never leave a credential on screen
  notice(null);
  chat.reset();
  start();
});

ui.signOut.addEventListener('click', () => {
  auth.signOut();
  chat.reset();
  remember(null);
  ui.conversations.replaceChildren();
  ui.model.replaceChildren();
  showSignedIn();
  announce('Signed out.');
  ui.token.focus();
});

ui.toggleSidebar.addEventListener('click', () => {
  const open = ui.sidebar.classList.toggle('open');
  ui.toggleSidebar.setAttribute('aria-expanded', String(open));
  if (open) {
    ui.newChat.focus();
  }
});

ui.newChat.addEventListener('click', newChat);
ui.model.addEventListener('change', () => {
  localStorage.setItem(MODEL_KEY, ui.model.value);
  syncReasoning();
});
ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
ui.stop.addEventListener('click', () => chat.stop());

ui.prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') {
    return;
  }
  if (chat.running) {
    event.preventDefault();
    chat.stop();
  } else if (ui.sidebar.classList.contains('open')) {
    closeSidebarOnPhone();
    ui.toggleSidebar.focus();
  }
});

window.addEventListener('hashchange', () => {
  const id = chatFromAddress();
  if (id && id !== chat.chatId) {
    openChat(id);
  }
});

(async () => {
  if (!auth.token() && !auth.signedOut()) {
    const config = await api.playgroundConfig();
    if (config.devToken) {
      auth.signIn(config.devToken);
    }
  }
  await start();
  document.body.dataset.ready = 'true';
})();
