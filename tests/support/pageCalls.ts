// Calls made by script in the desk's page over its own session, as a compromised renderer
// would make them, not through the app's UI; and what main's answer must be.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { decodeWire, encodeWire, type Envelope } from '#preload/wire.ts';

/** `name` with `input` from the page; a refusal at the HTTP level comes back as an envelope coded `HTTP <status>`. */
export async function fromPage(page: Page, name: string, input: unknown): Promise<Envelope> {
  const { status, text } = await page.evaluate(
    async ([call, body]) => {
      const response = await fetch(`/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return { status: response.status, text: await response.text() };
    },
    [name, encodeWire(input)] as const,
  );
  return status === 200 ? (decodeWire(text) as Envelope) : { ok: false, error: { code: `HTTP ${status}`, text: { vi: '', en: '' } } };
}

/** Main refused, with this code (or one matching it) and a message in both languages. */
export function refused(envelope: Envelope, code: string | RegExp, what: string): void {
  assert.ok(!envelope.ok, `${what} was accepted`);
  if (typeof code === 'string') assert.equal(envelope.error.code, code, what);
  else assert.match(envelope.error.code, code, what);
  assert.ok(envelope.error.text.vi && envelope.error.text.en, `${what}: a message in both languages`);
}

/** Main's answer, or the failure it gave instead. */
export function result<T>(envelope: Envelope): T {
  assert.ok(envelope.ok, envelope.ok ? '' : `${envelope.error.code}: ${envelope.error.text.en}`);
  return envelope.result as T;
}
