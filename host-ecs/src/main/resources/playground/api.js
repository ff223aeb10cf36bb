// The public contract, and nothing else: the same routes and bodies an AI SDK frontend or an
// embedding team's client uses. Every refusal becomes an ApiError carrying the contract's code,
// message and (for 429 and 503) the Retry-After wait.

/** A refusal from the server, or a failure to reach it (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds = null, requestId = null) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.requestId = requestId;
  }
}

/** Retry-After as seconds: either a number of seconds or an HTTP date. */
export function retryAfterSeconds(value, now = Date.now()) {
  if (value == null || value.trim() === '') {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Turns a non-2xx response into an ApiError, reading the contract's error body when there is one. */
export async function errorOf(response) {
  let code = null;
  let message = null;
  let requestId = response.headers.get('x-request-id');
  try {
    const body = await response.json();
    code = body?.error?.code ?? null;
    message = body?.error?.message ?? null;
    requestId = body?.requestId ?? requestId;
  } catch {
    // not the contract's JSON (a proxy's page, an empty body): the status says enough
  }
  return new ApiError(response.status, code, message, retryAfterSeconds(response.headers.get('retry-after')),
    requestId);
}

/** A client bound to a token source. */
export class Api {
  /** @param {() => string|null} token returns the current bearer token */
  constructor(token) {
    this.token = token;
  }

  headers(extra = {}) {
    const headers = { ...extra };
    const token = this.token();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    return headers;
  }

  async send(path, init = {}) {
    let response;
    try {
      response = await fetch(path, { ...init, headers: this.headers(init.headers), cache: 'no-store' });
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, 'unreachable', null);
    }
    return response;
  }

  async json(path, init = {}) {
    const response = await this.send(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response.status === 204 ? null : response.json();
  }

  /** POST /api/chat with a DefaultChatTransport body; the response is returned as is, to be read as a stream. */
  async chat(body, signal) {
    const response = await this.send('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  /**
   * GET /api/chat/{id}/stream: null when nothing runs (204), else the running answer's stream,
   * after lastEventId when given.
   */
  async resume(chatId, lastEventId, signal) {
    const headers = { Accept: 'text/event-stream' };
    if (lastEventId != null) {
      headers['Last-Event-ID'] = String(lastEventId);
    }
    const response = await this.send(`/api/chat/${encodeURIComponent(chatId)}/stream`, { headers, signal });
    if (response.status === 204) {
      return null;
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  job(id) {
    return this.json(`/api/jobs/${encodeURIComponent(id)}`);
  }

  /** DELETE /api/jobs/{id}: true when the cancel was accepted, false when the job had already ended. */
  async cancel(id) {
    const response = await this.send(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (response.status === 409) {
      return false;
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return true;
  }

  async models() {
    return (await this.json('/api/models')).models ?? [];
  }

  async conversations() {
    return (await this.json('/api/conversations')).conversations ?? [];
  }

  conversation(id) {
    return this.json(`/api/conversations/${encodeURIComponent(id)}`);
  }

  /** The page's own start-up configuration; not part of the contract, and absent when the playground is off. */
  async playgroundConfig() {
    try {
      const response = await fetch('/playground/config', { cache: 'no-store' });
      return response.ok ? await response.json() : {};
    } catch {
      return {};
    }
  }
}
