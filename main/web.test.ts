// The browser host's door: a one-time link traded for a separate session id. Real HTTP on
// loopback against the real host; no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWire, encodeWire } from '#preload/wire.ts';
import { startWebHost, type WebHost } from './web.ts';

async function withHost(fn: (host: WebHost) => Promise<void>): Promise<void> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'desk-web-'));
  const host = await startWebHost({ rendererDir });
  try {
    await fn(host);
  } finally {
    await host.close();
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

const open = (url: string) => fetch(url, { redirect: 'manual' });

/** name=value of the session cookie, and its attributes. */
function sessionOf(res: Response): { pair: string; attributes: string[] } {
  const header = res.headers.get('set-cookie') ?? '';
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  return { pair: pair ?? '', attributes };
}

function callApi(host: WebHost, cookie: string, name = 'app.info') {
  return fetch(`${host.url}/api/${name}`, {
    method: 'POST',
    headers: { Origin: host.url, Cookie: cookie, 'Content-Type': 'application/json' },
    body: encodeWire({}),
  });
}

test('the link works once: its secret becomes a separate random session id in a strict HttpOnly cookie', () =>
  withHost(async (host) => {
    const secret = new URL(host.openUrl).searchParams.get('k')!;
    const first = await open(host.openUrl);
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), '/');
    const { pair, attributes } = sessionOf(first);
    const [name, value] = pair.split('=');
    assert.equal(name, 'desk_session');
    assert.match(value ?? '', /^[0-9a-f]{64}$/);
    assert.notEqual(value, secret, 'the cookie is not the secret of the link');
    assert.ok(!(first.headers.get('set-cookie') ?? '').includes(secret));
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(attributes.includes(attribute), attribute);
    assert.ok(
      attributes.some((a) => /^Max-Age=\d+$/.test(a)),
      'kept across a browser restart for a bounded time',
    );

    const again = await open(host.openUrl);
    assert.equal(again.status, 403, 'a second use of the link is refused');
    assert.equal(again.headers.get('set-cookie'), null);
    assert.match(again.headers.get('content-type') ?? '', /^text\/html/);
    const page = await again.text();
    assert.match(page, /đã được dùng.*khởi động lại/s);
    assert.match(page, /already been used.*restart the desk/s);
  }));

test('the session cookie opens /api/ calls; the secret, a wrong cookie or another origin do not', () =>
  withHost(async (host) => {
    const secret = new URL(host.openUrl).searchParams.get('k')!;
    const cookie = sessionOf(await open(host.openUrl)).pair;

    const ok = await callApi(host, cookie);
    assert.equal(ok.status, 200);
    const envelope = decodeWire(await ok.text()) as { ok: boolean; result: { host: string } };
    assert.equal(envelope.ok, true);
    assert.equal(envelope.result.host, 'web');
    assert.equal(sessionOf(ok).pair, cookie, 'each call renews the same session');

    assert.equal((await callApi(host, `desk_session=${secret}`)).status, 403, 'the spent secret is no session');
    assert.equal((await callApi(host, `desk_session=${'0'.repeat(64)}`)).status, 403);
    assert.equal((await callApi(host, '')).status, 403);
    const foreign = await fetch(`${host.url}/api/app.info`, {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:1', Cookie: cookie },
      body: encodeWire({}),
    });
    assert.equal(foreign.status, 403);
  }));

test('a link the host never issued is refused; a second one-time link opens a second session', () =>
  withHost(async (host) => {
    assert.equal((await open(`${host.url}/?k=${'a'.repeat(64)}`)).status, 403);
    const first = sessionOf(await open(host.openUrl)).pair;
    const second = host.issueOpenUrl();
    assert.notEqual(second, host.openUrl);
    const other = sessionOf(await open(second)).pair;
    assert.notEqual(other, first);
    assert.equal((await callApi(host, other)).status, 200);
    assert.equal((await callApi(host, first)).status, 200, 'the first session still works');
    assert.equal((await open(second)).status, 403);
  }));

test('the renderer’s hashed assets may be kept by the browser; the page and anything else are asked for every time', async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'desk-web-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-Bx3d9Qz1.js'), 'export {};');
  writeFileSync(join(rendererDir, 'logo.png'), 'png');
  const host = await startWebHost({ rendererDir });
  try {
    const policy = async (path: string) => {
      const res = await fetch(`${host.url}${path}`);
      await res.arrayBuffer();
      return [res.status, res.headers.get('cache-control')];
    };
    assert.deepEqual(await policy('/assets/index-Bx3d9Qz1.js'), [200, 'public, max-age=31536000, immutable']);
    assert.deepEqual(await policy('/'), [200, 'no-cache']);
    assert.deepEqual(await policy('/logo.png'), [200, 'no-cache'], 'outside assets/, a name may keep its name across versions');
    assert.deepEqual(await policy('/assets/gone-00000000.js'), [200, 'no-cache'], 'an unknown asset falls back to the page, which is never kept');
    assert.deepEqual(await policy('/assets'), [200, 'no-cache']);
  } finally {
    await host.close();
    rmSync(rendererDir, { recursive: true, force: true });
  }
});
