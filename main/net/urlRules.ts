// The rule every address main reaches out to obeys: https, or plain http only to this
// computer (a trial server), and nothing smuggled in the address itself.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Credentials, a query or a fragment: never part of an address the desk is configured with. */
export function hasUrlExtras(url: URL): boolean {
  return Boolean(url.username || url.password || url.search || url.hash);
}
