// The eSCL backend against the eSCL simulator on 127.0.0.1 (mDNS off: no other traffic).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EsclBackend,
  carriedDpi,
  chooseDpi,
  chooseFormat,
  esclDeviceId,
  esclServiceFromMdns,
  mdnsBindAddress,
  normalizeEsclUrl,
  retryAfterMs,
} from './escl.ts';
import { pointsFor } from './pipeline/pdf.ts';
import { parseCapabilities, parseStatus } from './esclXml.ts';
import { ScanError, type RawPage, type ScanErrorCode, type ScanRequest } from './types.ts';
import { EsclSimulator, type SimulatorFaults } from '#tests/scanner/esclSimulator.ts';

let sim: EsclSimulator;
let backend: EsclBackend;
let id: string;

before(async () => {
  sim = await new EsclSimulator({ pages: 3 }).start();
  backend = new EsclBackend({ mdns: false, devices: [sim.url] });
  id = esclDeviceId(sim.url);
});

after(async () => {
  await backend.close();
  await sim.stop();
});

/** Small area keeps the pages cheap to render: 50 × 70 mm. */
const AREA = { widthMm: 50.8, heightMm: 71.12 }; // 600 × 840 in 1/300 inch

function fresh(faults: SimulatorFaults = {}, pages = 3): void {
  sim.reset(faults, pages);
}

/** Runs a scan like the caller would: keeps every page received, returns the error it ended with. */
async function collect(request: ScanRequest, opts: { signal?: AbortSignal; onPage?: (p: RawPage) => void; using?: EsclBackend } = {}) {
  const pages: RawPage[] = [];
  let error: unknown;
  try {
    for await (const p of (opts.using ?? backend).scan(id, request, opts.signal ?? new AbortController().signal)) {
      pages.push(p);
      opts.onPage?.(p);
    }
  } catch (e) {
    error = e;
  }
  return { pages, error };
}

function assertScanError(error: unknown, code: ScanErrorCode): ScanError {
  assert.ok(error instanceof ScanError, `expected ScanError(${code}), got ${String(error)}`);
  assert.equal(error.scanCode, code);
  assert.equal(error.code, `scan.${code}`);
  assert.ok(error.text.vi.length > 0 && error.text.en.length > 0, 'bilingual text');
  assert.notEqual(error.text.vi, error.text.en);
  return error;
}

test('ids and addresses normalise to escl:<base url>/', () => {
  assert.equal(normalizeEsclUrl('10.0.0.5'), 'http://10.0.0.5/eSCL/');
  assert.equal(normalizeEsclUrl('http://10.0.0.5:8080/eSCL'), 'http://10.0.0.5:8080/eSCL/');
  assert.equal(esclDeviceId('https://scanner.local/eSCL/'), 'escl:https://scanner.local/eSCL/');
  assert.equal(chooseFormat('bw', ['image/jpeg', 'image/png']), 'image/png');
  assert.equal(chooseFormat('color', ['application/pdf', 'image/png', 'image/jpeg']), 'image/jpeg');
  assert.equal(chooseFormat('gray', ['application/pdf']), undefined);
  assert.equal(chooseDpi(200, [75, 150, 300]), 300);
  assert.equal(chooseDpi(1200, [75, 150, 300]), 300);
  assert.equal(retryAfterMs('2', 10_000), 2000);
  assert.equal(retryAfterMs(undefined, 10_000), 1000);
  assert.equal(retryAfterMs('99', 5000), 5000);
});

test('mDNS listens on the group address where the platform allows it', () => {
  assert.equal(mdnsBindAddress('linux'), '224.0.0.251');
  assert.equal(mdnsBindAddress('darwin'), '224.0.0.251');
  assert.equal(mdnsBindAddress('win32'), undefined);
});

test('mDNS announcements map to eSCL base URLs (TXT rs, ty, UUID)', () => {
  assert.deepEqual(
    esclServiceFromMdns(
      { name: 'HP 1', host: 'hp.local', port: 8080, addresses: ['fe80::1', '192.168.1.20'], txt: { rs: '/eSCL', ty: 'HP LaserJet MFP', uuid: 'ABC' } },
      false,
    ),
    { url: 'http://192.168.1.20:8080/eSCL/', name: 'HP LaserJet MFP', uuid: 'abc' },
  );
  assert.deepEqual(esclServiceFromMdns({ name: 'Canon', host: 'canon.local', port: 443, txt: {} }, true), { url: 'https://canon.local/eSCL/', name: 'Canon' });
  assert.equal(esclServiceFromMdns({ name: 'x', host: '', port: 0 }, false), undefined);
});

test('XML parsing accepts default namespaces and ranges (HP style)', () => {
  const caps = parseCapabilities(`<?xml version="1.0"?>
<ScannerCapabilities xmlns="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
 <pwg:Version>2.6</pwg:Version><pwg:MakeAndModel>HP Thing</pwg:MakeAndModel>
 <Adf><AdfSimplexInputCaps><MaxWidth>2550</MaxWidth><MaxHeight>4200</MaxHeight>
  <SettingProfiles><SettingProfile><ColorModes><ColorMode>RGB24</ColorMode></ColorModes>
  <DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></DocumentFormats>
  <SupportedResolutions><ResolutionRange><XResolution><Min>100</Min><Max>300</Max><Step>50</Step></XResolution>
  <YResolution><Min>100</Min><Max>300</Max><Step>50</Step></YResolution></ResolutionRange></SupportedResolutions>
  </SettingProfile></SettingProfiles></AdfSimplexInputCaps>
  <AdfOptions><AdfOption>Duplex</AdfOption></AdfOptions></Adf>
</ScannerCapabilities>`);
  assert.equal(caps.makeAndModel, 'HP Thing');
  assert.deepEqual(Object.keys(caps.sources).sort(), ['duplex', 'feeder']);
  assert.deepEqual(caps.sources.feeder!.resolutions, [100, 150, 200, 300]);
  assert.equal(caps.sources.feeder!.formatExt, false);
  const st = parseStatus(
    '<scan:ScannerStatus xmlns:scan="s" xmlns:pwg="p"><pwg:State>Idle</pwg:State><scan:AdfState>ScannerAdfJam</scan:AdfState></scan:ScannerStatus>',
  );
  assert.deepEqual(st, { state: 'Idle', adfState: 'ScannerAdfJam', jobs: [] });
});

test('list and capabilities come from ScannerCapabilities', async () => {
  fresh();
  const other = new EsclBackend({ mdns: false });
  try {
    assert.deepEqual(await other.list(), []);
    const dev = await other.addDevice(`127.0.0.1:${sim.port}`);
    assert.deepEqual(dev, { id, backend: 'escl', name: 'MotCua eSCL Simulator' });
    assert.deepEqual(await other.list(), [dev]);
    await assert.rejects(other.addDevice('http://127.0.0.1:1/eSCL/'), (e: unknown) => assertScanError(e, 'unplugged') !== undefined);
    assert.equal((await other.list()).length, 1, 'a failed probe adds nothing');
  } finally {
    await other.close();
  }
  const caps = await backend.capabilities(id);
  assert.deepEqual(caps.sources, ['flatbed', 'feeder', 'duplex']);
  assert.deepEqual(caps.modes, ['color', 'gray', 'bw']);
  assert.deepEqual(caps.resolutions, [75, 100, 150, 200, 300, 600]);
  assert.equal(caps.maxWidthMm, 215.9);
  assert.equal(caps.maxHeightMm, 355.6);
  assert.equal((await backend.list())[0]!.name, 'MotCua eSCL Simulator');
});

test('flatbed colour, grey and black-and-white pages decode at the requested dpi and mode', async () => {
  fresh();
  const color = await collect({ source: 'flatbed', mode: 'color', dpi: 150, area: AREA });
  assert.equal(color.error, undefined);
  assert.equal(color.pages.length, 1);
  const c = color.pages[0]!;
  assert.equal(c.format, 'jpeg');
  assert.deepEqual([c.index, c.dpi, c.mode], [0, 150, 'color']);
  let m = await sharp(c.data).metadata();
  assert.deepEqual([m.format, m.width, m.height, m.channels, m.density], ['jpeg', 300, 420, 3, 150]);
  const settings = sim.eventsOf('create')[0]!.settings!;
  assert.deepEqual([settings.inputSource, settings.colorMode, settings.xResolution, settings.documentFormat], ['Platen', 'RGB24', 150, 'image/jpeg']);
  assert.deepEqual(settings.region, { width: 600, height: 840, xOffset: 0, yOffset: 0 });

  const gray = await collect({ source: 'flatbed', mode: 'gray', dpi: 100, area: AREA });
  m = await sharp(gray.pages[0]!.data).metadata();
  assert.deepEqual([gray.pages[0]!.format, m.width, m.height, m.channels, m.density], ['jpeg', 200, 280, 1, 100]);

  const bw = await collect({ source: 'flatbed', mode: 'bw', dpi: 200, area: AREA });
  const b = bw.pages[0]!;
  assert.equal(b.format, 'png');
  m = await sharp(b.data).metadata();
  assert.deepEqual([m.width, m.height, m.channels, m.density], [400, 560, 1, 200]);
  const { data } = await sharp(b.data).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual(
    [...new Set(data)].sort((x, y) => x - y),
    [0, 255],
    'bilevel',
  );
  assert.ok(data.filter((v) => v === 0).length > data.length * 0.02, 'has text-like ink');
  assert.equal(sim.eventsOf('create').at(-1)!.settings!.documentFormat, 'image/png');
});

test('feeder batch: pages arrive one by one, duplex doubles them', async () => {
  fresh({ pageDelayMs: 100 }, 3);
  const servedWhenYielded: number[] = [];
  const progress: number[] = [];
  const pages: RawPage[] = [];
  for await (const p of backend.scan(id, { source: 'feeder', mode: 'gray', dpi: 75, area: AREA }, new AbortController().signal, (pr) => {
    if (pr.bytes === undefined) progress.push(pr.pagesDone);
  })) {
    servedWhenYielded.push(sim.eventsOf('next').filter((e) => e.status === 200).length);
    pages.push(p);
  }
  assert.deepEqual(
    pages.map((p) => p.index),
    [0, 1, 2],
  );
  assert.deepEqual(servedWhenYielded, [1, 2, 3], 'each page is yielded before the next is fetched');
  assert.deepEqual(progress, [1, 2, 3]);
  assert.equal(sim.eventsOf('delete').length, 0, 'a drained job needs no DELETE');
  assert.equal(sim.eventsOf('create')[0]!.settings!.inputSource, 'Feeder');

  fresh({}, 2);
  const duplex = await collect({ source: 'duplex', mode: 'color', dpi: 75, area: AREA });
  assert.equal(duplex.error, undefined);
  assert.equal(duplex.pages.length, 4);
  assert.equal(sim.eventsOf('create')[0]!.settings!.duplex, true);
});

test('keep-alive: repeated scans reuse one connection', async () => {
  fresh();
  const before = sim.connections;
  await collect({ source: 'flatbed', mode: 'gray', dpi: 75, area: AREA });
  await collect({ source: 'flatbed', mode: 'gray', dpi: 75, area: AREA });
  assert.ok(sim.connections - before <= 1, `opened ${sim.connections - before} connections`);
});

test('feeder empty → feeder-empty', async () => {
  fresh({ feederEmpty: true });
  const r = await collect({ source: 'feeder', mode: 'color', dpi: 75, area: AREA });
  assert.equal(r.pages.length, 0);
  assertScanError(r.error, 'feeder-empty');
  assert.equal(sim.eventsOf('create')[0]!.status, 409);
});

test('busy: Retry-After is honoured, then bounded', async () => {
  fresh({ busy: 1, retryAfterSec: 1 });
  const t0 = Date.now();
  const ok = await collect({ source: 'flatbed', mode: 'gray', dpi: 75, area: AREA });
  assert.equal(ok.error, undefined);
  assert.equal(ok.pages.length, 1);
  assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After');
  assert.deepEqual(
    sim.eventsOf('create').map((e) => e.status),
    [503, 201],
  );

  fresh({ busy: 'always', retryAfterSec: 0 });
  const strict = new EsclBackend({ mdns: false, busyRetries: 2, devices: [sim.url] });
  try {
    const r = await collect({ source: 'flatbed', mode: 'gray', dpi: 75, area: AREA }, { using: strict });
    assertScanError(r.error, 'busy');
    assert.equal(sim.eventsOf('create').length, 3, 'one try plus two retries');
  } finally {
    await strict.close();
  }
});

test('jam after two pages → jam, the two pages kept', async () => {
  fresh({ jamAfterPages: 2 }, 5);
  const r = await collect({ source: 'feeder', mode: 'gray', dpi: 75, area: AREA });
  assert.equal(r.pages.length, 2);
  assertScanError(r.error, 'jam');
  // The next feeder job is refused while the jam is not cleared.
  const again = await collect({ source: 'feeder', mode: 'gray', dpi: 75, area: AREA });
  assertScanError(again.error, 'jam');
});

test('cover open → cover-open', async () => {
  fresh({ coverOpen: true });
  const r = await collect({ source: 'feeder', mode: 'color', dpi: 75, area: AREA });
  assertScanError(r.error, 'cover-open');
});

test('slow pages are waited for; a page slower than the timeout → unplugged', async () => {
  fresh({ pageDelayMs: 300, notReadyPolls: 1, retryAfterSec: 0 }, 2);
  const ok = await collect({ source: 'feeder', mode: 'gray', dpi: 75, area: AREA });
  assert.equal(ok.error, undefined);
  assert.equal(ok.pages.length, 2);
  assert.equal(sim.eventsOf('next').filter((e) => e.status === 503).length, 2, 'one "still scanning" 503 per page');

  fresh({ pageDelayMs: 1500 }, 2);
  const impatient = new EsclBackend({ mdns: false, pageTimeoutMs: 300, devices: [sim.url] });
  try {
    const r = await collect({ source: 'feeder', mode: 'gray', dpi: 75, area: AREA }, { using: impatient });
    assertScanError(r.error, 'unplugged');
    assert.equal(r.pages.length, 0);
  } finally {
    await impatient.close();
  }
});

test('connection dropped mid-page → unplugged, earlier pages kept', async () => {
  fresh({ dropAtPage: 1 }, 3);
  const r = await collect({ source: 'feeder', mode: 'color', dpi: 100, area: AREA });
  assert.equal(r.pages.length, 1);
  assertScanError(r.error, 'unplugged');
  assert.equal(sim.eventsOf('drop').length, 1);
  fresh();
});

test('list names each device by its model and marks configured addresses where nothing answers', async () => {
  fresh();
  // Accepts connections and never answers: the probe's short timeout ends the wait.
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const silentPort = (silent.address() as AddressInfo).port;
  const many = new EsclBackend({ mdns: false, probeTimeoutMs: 300, devices: [sim.url, '127.0.0.1:1', `127.0.0.1:${silentPort}`] });
  try {
    assert.deepEqual(await many.list(), [
      { id, backend: 'escl', name: 'MotCua eSCL Simulator' },
      { id: 'escl:http://127.0.0.1:1/eSCL/', backend: 'escl', name: 'eSCL 127.0.0.1:1', unreachable: true },
      { id: `escl:http://127.0.0.1:${silentPort}/eSCL/`, backend: 'escl', name: `eSCL 127.0.0.1:${silentPort}`, unreachable: true },
    ]);
  } finally {
    await many.close();
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  }
});

test('a scanner that sends 300 dpi when asked for 200: the page keeps its A4 size', async () => {
  fresh({ sendDpi: 300 });
  const a4 = { widthMm: 210, heightMm: 297 };
  const { pages, error } = await collect({ source: 'flatbed', mode: 'gray', dpi: 200, area: a4 });
  assert.equal(error, undefined);
  const page = pages[0]!;
  assert.equal(sim.eventsOf('create')[0]!.settings!.xResolution, 200, 'asked for 200');
  assert.equal((await sharp(page.data).metadata()).width, 2480, 'sent at 300');
  assert.equal(page.dpi, 300);
  assert.deepEqual([Math.round(pointsFor(2480, page.dpi)), Math.round(pointsFor(3508, page.dpi))], [595, 842], 'A4 in points');
  // A density the page cannot have (a JPEG without one reads as 72 dpi) leaves the resolution asked for.
  const unmarked = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fff' } })
    .jpeg()
    .toBuffer();
  assert.equal((await sharp(unmarked).metadata()).density, 72);
  assert.equal(await carriedDpi(unmarked, 200, { width: 2480, height: 3508 }), 200);
});

test('nothing listening → unplugged; foreign id → not-found; an address nobody configured is never dialled', async () => {
  const dead = new EsclBackend({ mdns: false, devices: ['127.0.0.1:1'] });
  try {
    await assert.rejects(dead.capabilities('escl:http://127.0.0.1:1/eSCL/'), (e: unknown) => assertScanError(e, 'unplugged') !== undefined);
    await assert.rejects(dead.capabilities('sane:test:0'), (e: unknown) => assertScanError(e, 'not-found') !== undefined);
    const reached = () => sim.eventsOf('capabilities').length + sim.eventsOf('create').length;
    const before = reached();
    await assert.rejects(dead.capabilities(id), (e: unknown) => assertScanError(e, 'not-found') !== undefined);
    assertScanError((await collect({ source: 'flatbed', mode: 'gray', dpi: 75, area: AREA }, { using: dead })).error, 'not-found');
    assert.equal(reached(), before, 'the simulator was reached through an id alone');
  } finally {
    await dead.close();
  }
});

test('unsupported request → unsupported', async () => {
  fresh();
  const r = await collect({ source: 'camera' as ScanRequest['source'], mode: 'color', dpi: 75, area: AREA });
  assertScanError(r.error, 'unsupported');
  assert.equal(sim.eventsOf('create').length, 0, 'refused before any job');
});

test('cancel between pages → DELETE reaches the device, cancelled', async () => {
  fresh({ pageDelayMs: 50 }, 5);
  const ac = new AbortController();
  const r = await collect(
    { source: 'feeder', mode: 'gray', dpi: 75, area: AREA },
    {
      signal: ac.signal,
      onPage: (p) => {
        if (p.index === 1) ac.abort();
      },
    },
  );
  assert.equal(r.pages.length, 2);
  assertScanError(r.error, 'cancelled');
  const jobId = sim.eventsOf('create')[0]!.jobId;
  assert.deepEqual(
    sim.eventsOf('delete').map((e) => [e.jobId, e.status]),
    [[jobId, 200]],
  );
});

test('cancel while a page is being scanned → DELETE, cancelled promptly', async () => {
  fresh({ pageDelayMs: 2000 }, 3);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const t0 = Date.now();
  const r = await collect({ source: 'feeder', mode: 'gray', dpi: 75, area: AREA }, { signal: ac.signal });
  assert.ok(Date.now() - t0 < 1500, 'did not wait for the page');
  assert.equal(r.pages.length, 0);
  assertScanError(r.error, 'cancelled');
  assert.equal(sim.eventsOf('delete').length, 1);
});

test('stopping the iteration early also releases the job', async () => {
  fresh({}, 4);
  for await (const p of backend.scan(id, { source: 'feeder', mode: 'gray', dpi: 75, area: AREA }, new AbortController().signal)) {
    assert.equal(p.index, 0);
    break;
  }
  assert.equal(sim.eventsOf('delete').length, 1);
});
