// WIA backend: script building and output parsing, plus the backend's streaming logic driven by a
// stand-in for PowerShell (a Node script speaking the same line protocol).
//
// NOTE: the "recorded" outputs below are NOT recorded from a real device or a real Windows machine.
// They are written by hand from Microsoft's documented formats: WIA property ids and values
// (wiadef.h: WIA_DPS_DOCUMENT_HANDLING_*, WIA_IPS_XRES, WIA_IPA_DATATYPE, WIA_IPS_CUR_INTENT), the
// WIA Automation Property object (SubType 1 = range, 2 = list, 3 = flag), WIA error HRESULTs
// (WIA_ERROR_*), .NET's signed Int32 HResult values, and ConvertTo-Json -Compress output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HANDLING,
  WIA_FORMAT,
  WiaBackend,
  buildCapabilitiesScript,
  buildListScript,
  buildScanScript,
  normalizeHResult,
  parseCapabilitiesOutput,
  parseListOutput,
  psString,
  stdinFor,
  wiaError,
} from './wia.ts';
import { ScanError, type RawPage, type ScanRequest } from './types.ts';

const DEVICE = '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001';

// --- script building ---------------------------------------------------------------------------

function setProp(script: string, scope: 'dp' | 'ip', id: number): string | null {
  const m = new RegExp(`SetProp \\$${scope} ${id} (\\S+?)\\)`).exec(script);
  return m ? m[1]! : null;
}

test('scan script: feeder, gray, 200 dpi, A4 area, PNG', () => {
  const req: ScanRequest = { source: 'feeder', mode: 'gray', dpi: 200, area: { widthMm: 210, heightMm: 297 } };
  const s = buildScanScript(DEVICE, req, 'C:\\Users\\Cán bộ\\AppData\\Local\\Temp\\mcd-wia-1');
  assert.match(s, /\$sel = Prop \$dp 3088\n\s+if \(\$sel\) \{ \$sel\.Value = 1 \}/); // FEEDER
  assert.equal(setProp(s, 'dp', 3096), '1'); // one page per Transfer
  assert.equal(setProp(s, 'ip', 6146), '2'); // WIA_INTENT_IMAGE_TYPE_GRAYSCALE
  assert.equal(setProp(s, 'ip', 6147), '200');
  assert.equal(setProp(s, 'ip', 6148), '200');
  assert.equal(setProp(s, 'ip', 6151), String(Math.floor((210 / 25.4) * 200)));
  assert.equal(setProp(s, 'ip', 6152), String(Math.floor((297 / 25.4) * 200)));
  assert.ok(s.indexOf('SetProp $ip 6146') < s.indexOf('SetProp $ip 6147'), 'intent first: it resets the others');
  assert.match(s, new RegExp(`\\$fmt = '${WIA_FORMAT.png.replace(/[{}]/g, '\\$&')}'`));
  assert.ok(s.includes(`Connect '${DEVICE}'`));
  assert.ok(s.includes("$outDir = 'C:\\Users\\Cán bộ\\AppData\\Local\\Temp\\mcd-wia-1'"));
  assert.ok(s.includes('$feeder = $true'));
  assert.ok(s.includes('-2145320957'), 'checks WIA_ERROR_PAPER_EMPTY (0x80210003) to end a batch');
  assert.ok(s.includes('Prop $dp 3087'), 'checks document handling status between pages');
  assert.ok(s.includes('$item.Transfer($fmt)'));
});

test('scan script: flatbed colour JPEG and duplex bw', () => {
  const flat = buildScanScript(DEVICE, { source: 'flatbed', mode: 'color', dpi: 300 }, 'C:\\t', 'jpeg');
  assert.match(flat, /\$sel\.Value = 2 \}/);
  assert.equal(setProp(flat, 'dp', 3096), null, 'no page count on flatbed');
  assert.equal(setProp(flat, 'ip', 6146), '1');
  assert.ok(flat.includes('$feeder = $false'));
  assert.ok(flat.includes(WIA_FORMAT.jpeg));
  assert.ok(flat.includes("'page-{0:D4}.jpg'"));
  assert.ok(flat.includes('$e.Value = $e.SubTypeMax'), 'no area: maximum extent');
  const dup = buildScanScript(DEVICE, { source: 'duplex', mode: 'bw', dpi: 300 }, 'C:\\t', 'tiff');
  assert.match(dup, new RegExp(`\\$sel\\.Value = ${HANDLING.FEEDER | HANDLING.DUPLEX} \\}`));
  assert.equal(setProp(dup, 'ip', 6146), '4'); // WIA_INTENT_IMAGE_TYPE_TEXT
  assert.ok(dup.includes(WIA_FORMAT.tiff));
});

test('list and capabilities scripts', () => {
  const l = buildListScript();
  assert.ok(l.includes('New-Object -ComObject WIA.DeviceManager'));
  assert.ok(l.includes('$info.Type -eq 1'), 'scanners only');
  const c = buildCapabilitiesScript(DEVICE);
  for (const id of [3086, 3074, 3075, 3076, 3077, 6147, 6146, 4103]) assert.ok(c.includes(` ${id})`), `reads ${id}`);
});

test('quoting: device ids and paths cannot break out of the literal', () => {
  assert.equal(psString("it's"), "'it''s'");
  assert.equal(psString('a\u2019b'), "'a\u2019\u2019b'");
  const s = buildScanScript("x'; Remove-Item C:\\ -Recurse; '", { source: 'flatbed', mode: 'color', dpi: 100 }, 'C:\\t');
  assert.ok(s.includes("Connect 'x''; Remove-Item C:\\ -Recurse; '''"));
});

test('stdin is one line that decodes to the script', () => {
  const script = buildScanScript(DEVICE, { source: 'feeder', mode: 'color', dpi: 200 }, 'C:\\Tệp quét');
  const line = stdinFor(script);
  assert.equal(line.split('\n').length, 2);
  assert.equal(line.split('\n')[1], '');
  const b64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(line)![1]!;
  assert.equal(Buffer.from(b64, 'base64').toString('utf8'), script);
});

test('scripts have balanced braces and parentheses', () => {
  for (const s of [
    buildListScript(),
    buildCapabilitiesScript(DEVICE),
    buildScanScript(DEVICE, { source: 'feeder', mode: 'bw', dpi: 150, area: { widthMm: 100, heightMm: 100 } }, 'C:\\t'),
  ]) {
    const code = s.replace(/'(?:[^']|'')*'/g, "''"); // ignore literals
    for (const [open, close] of [
      ['{', '}'],
      ['(', ')'],
    ] as const) {
      let depth = 0;
      for (const ch of code) {
        if (ch === open) depth++;
        if (ch === close) depth--;
        assert.ok(depth >= 0);
      }
      assert.equal(depth, 0, `${open}${close} balanced`);
    }
  }
});

// --- parsing (hand-written "recordings", see the note at the top) -----------------------------------

const LIST_OUTPUT = [
  '{"name":"HP LaserJet MFP M130fw","event":"device","manufacturer":"HP","id":"{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\\\0001"}',
  '{"name":"Canon DR-C225","event":"device","manufacturer":"Canon","id":"{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\\\0002"}',
  '{"event":"done"}',
  '',
].join('\r\n');

test('parses the device list', () => {
  assert.deepEqual(parseListOutput(LIST_OUTPUT), [
    { id: `wia:${DEVICE}`, backend: 'wia', name: 'HP HP LaserJet MFP M130fw' },
    { id: 'wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0002', backend: 'wia', name: 'Canon Canon DR-C225' },
  ]);
  assert.deepEqual(parseListOutput('{"event":"done"}\r\n'), []);
  assert.throws(
    () => parseListOutput('{"event":"error","hresults":[-2146233087,-2145320939],"message":"No WIA device"}'),
    (e) => e instanceof ScanError && e.scanCode === 'not-found',
  );
});

test('parses capabilities: list resolutions, flatbed + feeder + duplex, bed size', () => {
  const out =
    '{"event":"capabilities","handlingCaps":7,"bedWidth":8500,"bedHeight":11690,"sheetWidth":8500,"sheetHeight":14000,' +
    '"xres":{"value":200,"subType":2,"values":[75,100,150,200,300,600]},' +
    '"intent":{"value":1,"subType":3,"values":[0,1,2,4,65536,131072]},' +
    '"dataType":{"value":3,"subType":2,"values":[0,2,3]}}\r\n{"event":"done"}\r\n';
  assert.deepEqual(parseCapabilitiesOutput(out), {
    sources: ['flatbed', 'feeder', 'duplex'],
    modes: ['color', 'gray', 'bw'],
    resolutions: [75, 100, 150, 200, 300, 600],
    maxWidthMm: 215.9,
    maxHeightMm: 355.6,
  });
});

test('parses capabilities: range resolution, flatbed only, colour-only data types', () => {
  const out =
    '{"event":"capabilities","handlingCaps":null,"bedWidth":8500,"bedHeight":11700,"xres":{"value":300,"subType":1,"min":50,"max":600,"step":1},"intent":null,"dataType":{"value":3,"subType":2,"values":[3]}}';
  const caps = parseCapabilitiesOutput(out);
  assert.deepEqual(caps.sources, ['flatbed']);
  assert.deepEqual(caps.modes, ['color']);
  assert.deepEqual(caps.resolutions, [75, 100, 150, 200, 240, 300, 400, 600]);
  assert.equal(caps.maxHeightMm, 297.2);
});

test('HRESULTs → ScanError codes, bilingual', () => {
  const cases: Array<[number | string, string]> = [
    [0x80210003, 'feeder-empty'],
    [-2145320957, 'feeder-empty'], // same, as .NET's signed HResult
    ['0x80210002', 'jam'],
    [0x80210006, 'busy'],
    [0x80210016, 'cover-open'],
    [0x80210005, 'unplugged'],
    [0x8021000a, 'unplugged'],
    [0x80210015, 'not-found'],
    [0x80070057, 'unsupported'],
    [0x80004005, 'device'],
  ];
  for (const [hr, code] of cases) {
    const e = wiaError([hr]);
    assert.equal(e.scanCode, code, String(hr));
    assert.ok(e.text.vi && e.text.en && e.text.vi !== e.text.en);
  }
  // PowerShell wraps the COM error: the WIA code in the chain wins.
  const wrapped = wiaError([-2146233087, -2145320958], 'Exception calling "Transfer" with "1" argument(s): "Paper is jammed"');
  assert.equal(wrapped.scanCode, 'jam');
  assert.match(wrapped.text.en, /WIA_ERROR_PAPER_JAM 0x80210002/);
  assert.equal(normalizeHResult(-2145320957), 0x80210003);
});

// --- the backend, with a stand-in for PowerShell -------------------------------------------------

let work = '';
let fake = '';
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'mcd-wia-test-'));
  fake = join(work, 'fake-powershell.mjs');
  // Reads the script from stdin like powershell -Command - would, finds $outDir, and plays a scenario.
  await writeFile(
    fake,
    `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const scenario = process.argv[2];
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const b64 = /FromBase64String\\('([^']+)'\\)/.exec(input)[1];
  const script = Buffer.from(b64, 'base64').toString('utf8');
  const outDir = (/\\$outDir = '((?:[^']|'')*)'/.exec(script) || [])[1];
  const say = (o) => process.stdout.write(JSON.stringify(o) + '\\r\\n');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const page = (i) => {
    const path = join(outDir, 'page-' + String(i).padStart(4, '0') + '.png');
    writeFileSync(path, Buffer.from('\\x89PNG fake page ' + i, 'latin1'));
    say({ event: 'page', index: i, path, formatId: '${WIA_FORMAT.png}', dpi: 200 });
  };
  if (scenario === 'feeder3') { for (let i = 0; i < 3; i++) { await sleep(150); page(i); } say({ event: 'done', pages: 3 }); }
  if (scenario === 'jam-after-1') { page(0); await sleep(50); say({ event: 'error', hresults: [-2146233087, -2145320958], message: 'Paper jam' }); }
  if (scenario === 'empty') { say({ event: 'error', hresults: [-2146233087, -2145320957], message: 'Feeder empty' }); }
  if (scenario === 'endless') { for (let i = 0; ; i++) { page(i); await sleep(200); } }
  if (scenario === 'crash') { process.stderr.write('powershell: something broke'); process.exit(1); }
});
`,
  );
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

function backend(scenario: string, platform: NodeJS.Platform = 'win32'): WiaBackend {
  return new WiaBackend({ platform, command: { file: process.execPath, args: [fake, scenario] }, tmpDir: work, killGraceMs: 500 });
}

const feeder: ScanRequest = { source: 'feeder', mode: 'color', dpi: 200 };

async function collect(it: AsyncIterable<RawPage>, onPage?: (p: RawPage) => void): Promise<{ pages: Array<RawPage & { at: number }>; error: unknown }> {
  const pages: Array<RawPage & { at: number }> = [];
  try {
    for await (const p of it) {
      pages.push({ ...p, at: Date.now() });
      onPage?.(p);
    }
    return { pages, error: null };
  } catch (error) {
    return { pages, error };
  }
}

test('not on Windows: list() is empty, scan and capabilities are unsupported', async () => {
  const b = backend('feeder3', 'linux');
  assert.deepEqual(await b.list(), []);
  await assert.rejects(b.capabilities(`wia:${DEVICE}`), (e) => e instanceof ScanError && e.scanCode === 'unsupported');
  const { error } = await collect(b.scan(`wia:${DEVICE}`, feeder, new AbortController().signal));
  assert.ok(error instanceof ScanError && error.scanCode === 'unsupported');
});

test('feeder pages are yielded as each one is announced', async () => {
  const t0 = Date.now();
  const { pages, error } = await collect(backend('feeder3').scan(`wia:${DEVICE}`, feeder, new AbortController().signal));
  const end = Date.now();
  assert.equal(error, null);
  assert.deepEqual(
    pages.map((p) => p.index),
    [0, 1, 2],
  );
  assert.equal(Buffer.from(pages[1]!.data).toString('latin1'), '\x89PNG fake page 1');
  assert.equal(pages[0]!.format, 'png');
  assert.equal(pages[0]!.dpi, 200);
  assert.ok(pages[0]!.at - t0 < end - t0 - 200, 'first page well before the end');
  assert.deepEqual(
    (await readdir(work)).filter((n) => n.startsWith('mcd-wia-')),
    [],
    'temp dir removed',
  );
});

test('jam after a page: the page stays with the caller, then ScanError jam', async () => {
  const { pages, error } = await collect(backend('jam-after-1').scan(`wia:${DEVICE}`, feeder, new AbortController().signal));
  assert.equal(pages.length, 1);
  assert.ok(error instanceof ScanError && error.scanCode === 'jam');
});

test('empty feeder → feeder-empty; PowerShell crash → device', async () => {
  const empty = await collect(backend('empty').scan(`wia:${DEVICE}`, feeder, new AbortController().signal));
  assert.ok(empty.error instanceof ScanError && empty.error.scanCode === 'feeder-empty');
  const crash = await collect(backend('crash').scan(`wia:${DEVICE}`, feeder, new AbortController().signal));
  assert.ok(crash.error instanceof ScanError && crash.error.scanCode === 'device');
});

test('abort mid-batch kills PowerShell and ends with cancelled', async () => {
  const ac = new AbortController();
  const t0 = Date.now();
  const { pages, error } = await collect(backend('endless').scan(`wia:${DEVICE}`, feeder, ac.signal), (p) => {
    if (p.index === 1) ac.abort();
  });
  assert.ok(error instanceof ScanError && error.scanCode === 'cancelled');
  assert.equal(pages.length, 2);
  assert.ok(Date.now() - t0 < 2000);
});

test('unknown prefix → not-found', async () => {
  const { error } = await collect(backend('feeder3').scan('sane:test:0', feeder, new AbortController().signal));
  assert.ok(error instanceof ScanError && error.scanCode === 'not-found');
});
