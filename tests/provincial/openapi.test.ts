// openapi.yaml is what the desk's sync engine is written against, so it must name every
// route the server answers and every error code it can send.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { TestDesk, startTestServer, type TestServer } from './testDesk.ts';

const here = new URL('./', import.meta.url);
const spec = readFileSync(new URL('openapi.yaml', here), 'utf8');
const readme = readFileSync(new URL('README.md', here), 'utf8');

let server: TestServer;
let desk: TestDesk;
before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
});
after(() => server.close());

/** [path, method] for every operation in the spec, read from its indentation. */
function operations(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let path = '';
  for (const line of spec.split('\n')) {
    const p = /^ {2}(\/\S*):$/.exec(line);
    if (p) path = p[1]!;
    const m = /^ {4}(get|put|post|head|patch|delete|options):$/.exec(line);
    if (m && path) found.push([path, m[1]!.toUpperCase()]);
  }
  return found;
}

test('every documented operation is served', async () => {
  const ops = operations();
  assert.ok(ops.length >= 17, `found ${ops.length} operations`);
  for (const [path, method] of ops) {
    const concrete = path.replace('{sha256}', 'a'.repeat(64)).replace('{id}', '01KAAAAAAAAAAAAAAAAAAAAAAA').replace('{uploadId}', 'x');
    const res = await desk.fetch(concrete, {
      method,
      headers: { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/json' },
      ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
    });
    const text = method === 'HEAD' ? '' : await res.text();
    assert.ok(!text.includes('"not-found"'), `${method} ${path} is routed (${res.status} ${text})`);
  }
});

test('every error code the server can send is documented in openapi.yaml and README.md', () => {
  const codes = new Set<string>();
  for (const name of readdirSync(here)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'operatorPage.ts' || name === 'testDesk.ts') continue;
    const source = readFileSync(new URL(name, here), 'utf8');
    for (const m of source.matchAll(/(?:badRequest|unauthorized|notFound|conflict)\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
    for (const m of source.matchAll(/new ApiError\(\s*\d+,\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
    for (const m of source.matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1]!);
  }
  // Operator-only refusals are not part of the desk's API.
  for (const operatorOnly of ['catalog-invalid', 'catalog-version-exists', 'calendar-invalid', 'calendar-version-exists', 'status-invalid', 'agency-id-invalid']) {
    codes.delete(operatorOnly);
  }
  assert.ok(codes.size >= 30, `found ${codes.size} codes`);
  const undocumented = [...codes].filter((c) => !spec.includes(`\`${c}\``) || !readme.includes(`\`${c}\``));
  assert.deepEqual(undocumented, []);
});
