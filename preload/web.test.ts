// The browser client without the contract's schemas: each call by name to /api/<name>, the
// answer unwrapped, and nothing that would make the client look like a promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWire, encodeWire, type Envelope } from './wire.ts';
import { createWebDesk } from './web.ts';
import { isDeskError } from '#domain/errors.ts';

function answering(envelope: Envelope, seen: Array<{ url: string; body: unknown }>): typeof fetch {
  return async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), body: decodeWire(String(init?.body)) });
    return new Response(encodeWire(envelope), { status: 200 });
  };
}

test('a call goes to /api/<its name> with its input, and main’s answer or refusal comes back', async (t) => {
  const seen: Array<{ url: string; body: unknown }> = [];
  const realFetch = globalThis.fetch;
  t.after(() => (globalThis.fetch = realFetch));
  const desk = createWebDesk();

  globalThis.fetch = answering({ ok: true, result: { host: 'web', version: '1.2.3' } }, seen);
  assert.deepEqual(await desk['app.info']({}), { host: 'web', version: '1.2.3' });
  assert.deepEqual(seen, [{ url: '/api/app.info', body: {} }]);

  globalThis.fetch = answering({ ok: false, error: { code: 'unknown-call', text: { vi: 'Không có lệnh.', en: 'Unknown call.' } } }, seen);
  const refusal = await desk['scan.devices']({ refresh: true }).catch((e: unknown) => e);
  assert.ok(isDeskError(refusal) && refusal.code === 'unknown-call', 'main’s refusal is a DeskError');
  assert.deepEqual(seen.at(-1), { url: '/api/scan.devices', body: { refresh: true } });
});

test('the client is not a promise, and a call is the same function each time it is read', async () => {
  const desk = createWebDesk();
  assert.equal((desk as unknown as { then?: unknown }).then, undefined);
  assert.equal(await Promise.resolve(desk), desk);
  assert.equal(desk['app.info'], desk['app.info']);
});
