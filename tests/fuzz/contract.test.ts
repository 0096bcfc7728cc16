// The contract under attack: every call of preload/contract.ts receives inputs shaped by its
// own schema with hostile leaves, then values of the wrong kind, through the real browser host
// over HTTP — as a page taken over by a malicious PDF would send them. Main must answer each
// one with a result or a designed error (never "internal", never silence), keep answering,
// load no library, reach no address and read no folder it was not given by the administrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contract } from '#preload/contract.ts';
import { seededRng, fuzzSeed, fuzzBudgetMs } from './rng.ts';
import { InputGenerator } from './generate.ts';
import { setUpCanaries } from './canaries.ts';
import { fuzzFiles } from './fixtures.ts';
import { startFuzzHost } from './fuzzHost.ts';

/** The input, short enough for a failure message: files as their size and first bytes. */
function describe(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) =>
    value instanceof Uint8Array
      ? `<${value.length} bytes: ${Buffer.from(value.subarray(0, 8)).toString('hex')}>`
      : typeof value === 'string' && value.length > 60
        ? `${value.slice(0, 60)}…(${value.length})`
        : value,
  );
  return (text ?? String(input)).slice(0, 400);
}

/** How long main may take to answer a call beyond the wait the call itself asks for. */
const ANSWER_WITHIN_MS = 20_000;

/** A long poll (scan.next, barcode.next…) may rightly hold its answer for the waitMs it was given. */
function declaredWait(input: unknown): number {
  const waitMs = (input as { waitMs?: unknown } | null)?.waitMs;
  return typeof waitMs === 'number' && Number.isFinite(waitMs) && waitMs > 0 ? Math.min(waitMs, 60_000) : 0;
}
test('every call of the contract answers hostile input with a result or a designed error', async (t) => {
  const seed = fuzzSeed(20261207);
  const budget = fuzzBudgetMs(20);
  const canaries = await setUpCanaries();
  const files = await fuzzFiles();
  const host = await startFuzzHost();
  t.after(async () => {
    await host.close();
    await canaries.close();
  });
  const rng = seededRng(seed);
  const generate = new InputGenerator(rng, {
    canaryUrls: canaries.urls,
    canaryLibraries: canaries.libraries,
    canaryFolders: canaries.folders,
    files: [files.pdf, files.classicPdf, files.signedPdf, ...files.images],
  });
  const names = Object.keys(contract) as (keyof typeof contract)[];
  const outcomes = new Map<string, number>();
  const undesigned: string[] = [];
  let calls = 0;
  let rounds = 0;
  const deadline = Date.now() + budget;
  do {
    for (const name of names) {
      const input = rng.chance(0.1) ? generate.anything() : generate.forSchema(contract[name].input);
      const reply = await host
        .call(name, input, ANSWER_WITHIN_MS + declaredWait(input))
        .catch((e: Error) => ({ status: -1, envelope: null, failure: e.message }));
      calls++;
      const outcome = !reply.envelope ? `HTTP ${reply.status}` : reply.envelope.ok ? 'ok' : reply.envelope.error.code;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (!reply.envelope || outcome === 'internal') {
        undesigned.push(`${name} → ${'failure' in reply ? reply.failure : outcome} (round ${rounds}) for ${describe(input)}`);
      }
    }
    rounds++;
    const alive = await host.call('app.info', {}, 5_000);
    assert.equal(alive.envelope?.ok, true, `main stopped answering after round ${rounds} (seed ${seed})`);
  } while (Date.now() < deadline);

  // Calls that are not in the contract, and bodies that are not the wire format.
  for (const name of ['__proto__', 'constructor', 'toString', '../app.info', 'scan.devices/../../x', 'x'.repeat(300)]) {
    const reply = await host.call(name, {});
    assert.notEqual(reply.envelope?.ok, true, `${name} was answered as a call`);
  }
  for (const body of ['not json', '{"$bytes":"%%%"}', '[', '{"a":'.repeat(10_000), 'null']) {
    const status = await host.raw('app.info', body);
    assert.ok(status === 200 || status === 400, `a malformed body got HTTP ${status}`);
  }
  const alive = await host.call('app.info', {}, 5_000);
  assert.equal(alive.envelope?.ok, true, 'main stopped answering after malformed bodies');

  t.diagnostic(
    `seed ${seed}: ${calls} calls over ${names.length} handlers in ${rounds} rounds; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}`,
  );
  assert.deepEqual(undesigned.slice(0, 20), [], `undesigned answers (replay with FUZZ_SEED=${seed})`);
  assert.equal(canaries.connections(), 0, 'main connected to an address nobody configured');
  assert.equal(canaries.libraryLoaded(), false, 'main loaded a library nobody configured');
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'an input polluted Object.prototype');
  const devices = await host.call('scan.devices', { refresh: true });
  const listed = JSON.stringify(devices.envelope);
  for (const folder of canaries.folders) assert.ok(!listed.includes(folder), `a folder nobody approved became a scanner: ${folder}`);
});
