// Errors as sentences a person can act on. The contract's messages are already sentences; the
// status decides the frame around them, and the wait of a 429 or 503 is spelled out.

function seconds(n) {
  return n === 1 ? '1 second' : `${n} seconds`;
}

function withMessage(prefix, message) {
  return message ? `${prefix} ${message}` : prefix;
}

/** The sentence for an ApiError (or any error thrown while talking to the server). */
export function sentence(error) {
  const status = error?.status ?? 0;
  const message = error?.code ? error.message : null;
  const wait = error?.retryAfterSeconds;
  switch (status) {
    case 0:
      return 'The server could not be reached. Check that it is running and try again.';
    case 400:
      return withMessage('The server could not read the request.', message);
    case 401:
      return 'Your token was not accepted: it is missing, expired or not valid for this server. '
        + 'Paste a valid token and sign in again.';
    case 403:
      return message || 'You are not allowed to do this.';
    case 404:
      return message || 'That was not found: it may have ended, or belong to someone else.';
    case 409:
      return message || 'That has already happened; there is nothing left to do.';
    case 413:
      return 'The message is too long for the server. Shorten it and try again.';
    case 415:
      return 'The server did not accept the request format.';
    case 422:
      return withMessage('The request was not accepted.', message);
    case 429:
      return wait != null
        ? `You are sending too many requests. Try again in ${seconds(wait)}.`
        : 'You are sending too many requests. Wait a moment and try again.';
    case 503:
      return `The service is not available right now.${message ? ` ${message}` : ''}`
        + (wait != null ? ` Try again in ${seconds(wait)}.` : ' Try again shortly.');
    default:
      return status >= 500
        ? 'Something went wrong on the server. Try again in a moment.'
        : withMessage(`The server refused the request (HTTP ${status}).`, message);
  }
}
