// The bearer token. It is kept in sessionStorage: it survives a reload (so a running answer can
// be resumed) but not the closing of the tab, and it is not shared with other tabs or left on a
// shared machine for the next person, as localStorage would. Only the page's own origin can
// read it, and the page runs no third-party script (see the Content-Security-Policy).
const TOKEN_KEY = 'aistudio.playground.token';
const SIGNED_OUT_KEY = 'aistudio.playground.signedOut';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps a pasted token; a leading "Bearer " is forgiven. */
export function signIn(value) {
  const clean = value.trim().replace(/^Bearer\s+/i, '');
  sessionStorage.setItem(TOKEN_KEY, clean);
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return clean;
}

/** Forgets the token, and keeps the development token from being filled in again in this tab. */
export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
}

export function signedOut() {
  return sessionStorage.getItem(SIGNED_OUT_KEY) === '1';
}

/** The token's subject, for display only: the server verifies the token, the page does not. */
export function subjectOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
    return typeof json.sub === 'string' ? json.sub : null;
  } catch {
    return null;
  }
}
