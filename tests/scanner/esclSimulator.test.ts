// The eSCL simulator speaks the protocol as published, and a real eSCL client agrees:
// sane-airscan (through scanimage) lists it and scans from it. Everything stays on 127.0.0.1.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { EsclSimulator, PWG_NS, SCAN_NS, type SimulatorFaults } from './esclSimulator.ts';

let sim: EsclSimulator;

before(async () => {
  sim = await new EsclSimulator({ pages: 3 }).start();
});

after(async () => {
  await sim.stop();
});

function reset(faults: SimulatorFaults = {}, pages = 3): void {
  sim.reset(faults, pages);
}

// Keep the namespace prefixes: clients such as sane-airscan match "scan:" and "pwg:" names.
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

async function status(): Promise<{ State: string; AdfState: string; jobs: { state: string; uri: string }[] }> {
  const res = await fetch(`${sim.url}ScannerStatus`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /xml/);
  const doc = xml.parse(await res.text())['scan:ScannerStatus'];
  assert.equal(doc['@xmlns:scan'], SCAN_NS);
  assert.equal(doc['@xmlns:pwg'], PWG_NS);
  const infos = doc['scan:Jobs']?.['scan:JobInfo'];
  const list = infos === undefined ? [] : Array.isArray(infos) ? infos : [infos];
  return {
    State: doc['pwg:State'],
    AdfState: doc['scan:AdfState'],
    jobs: list.map((j: Record<string, string>) => ({ state: j['pwg:JobState']!, uri: j['pwg:JobUri']! })),
  };
}

/** What HP's own Windows driver posts (default namespace, ScanRegions before InputSource). */
function hpSettings(source: 'Platen' | 'Feeder', mode = 'RGB24', format = 'image/jpeg', dpi = 75): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ScanSettings xmlns="${SCAN_NS}">
<Version xmlns="${PWG_NS}">2.8</Version>
<ScanRegions xmlns="${PWG_NS}"><ScanRegion><Height>600</Height><Width>450</Width><XOffset>0</XOffset><YOffset>0</YOffset>
<ContentRegionUnits>escl:ThreeHundredthsOfInches</ContentRegionUnits></ScanRegion></ScanRegions>
<XResolution>${dpi}</XResolution><YResolution>${dpi}</YResolution>
<DocumentFormatExt>${format}</DocumentFormatExt>
<ColorMode>${mode}</ColorMode>
<InputSource xmlns="${PWG_NS}">${source}</InputSource>
</ScanSettings>`;
}

async function createJob(body: string): Promise<Response> {
  return fetch(`${sim.url}ScanJobs`, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } });
}

test('ScannerCapabilities: platen and ADF simplex/duplex, modes, 75–600 dpi, formats', async () => {
  const res = await fetch(`${sim.url}ScannerCapabilities`);
  assert.equal(res.status, 200);
  const doc = xml.parse(await res.text())['scan:ScannerCapabilities'];
  assert.equal(doc['@xmlns:scan'], SCAN_NS);
  assert.equal(doc['@xmlns:pwg'], PWG_NS);
  const platen = doc['scan:Platen']['scan:PlatenInputCaps'];
  const adf = doc['scan:Adf'];
  for (const caps of [platen, adf['scan:AdfSimplexInputCaps'], adf['scan:AdfDuplexInputCaps']]) {
    const profile = caps['scan:SettingProfiles']['scan:SettingProfile'];
    assert.deepEqual(profile['scan:ColorModes']['scan:ColorMode'], ['BlackAndWhite1', 'Grayscale8', 'RGB24']);
    assert.deepEqual(profile['scan:DocumentFormats']['pwg:DocumentFormat'], ['image/jpeg', 'application/pdf', 'image/png']);
    const res = profile['scan:SupportedResolutions']['scan:DiscreteResolutions']['scan:DiscreteResolution'];
    assert.deepEqual(
      res.map((r: Record<string, string>) => Number(r['scan:XResolution'])),
      [75, 100, 150, 200, 300, 600],
    );
  }
  assert.equal(platen['scan:MaxWidth'], '2550');
});

test('platen job: 201 + Location, one page, then 404; status follows the job', async () => {
  reset();
  assert.deepEqual((await status()).State, 'Idle');
  const res = await createJob(hpSettings('Platen'));
  assert.equal(res.status, 201);
  const location = res.headers.get('location')!;
  assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/eSCL\/ScanJobs\/[0-9a-f-]{36}$/);
  const st = await status();
  assert.equal(st.State, 'Processing');
  assert.deepEqual(
    st.jobs.map((j) => j.state),
    ['Processing'],
  );
  assert.equal(st.jobs[0]!.uri, new URL(location).pathname);

  const busy = await createJob(hpSettings('Platen'));
  assert.equal(busy.status, 503, 'one job at a time');
  assert.ok(busy.headers.get('retry-after'));

  const page = await fetch(`${location}/NextDocument`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'image/jpeg');
  const m = await sharp(Buffer.from(await page.arrayBuffer())).metadata();
  assert.deepEqual([m.width, m.height, m.density], [113, 150, 75]); // 450 × 600 /300 in at 75 dpi
  assert.equal((await fetch(`${location}/NextDocument`)).status, 404);
  const done = await status();
  assert.equal(done.State, 'Idle');
  assert.deepEqual(
    done.jobs.map((j) => j.state),
    ['Completed'],
  );
  assert.equal(sim.eventsOf('create')[0]!.settings!.region.width, 450);
});

test('feeder job delivers every sheet, PDF and PNG on request; DELETE cancels', async () => {
  reset({}, 2);
  const job = (await createJob(hpSettings('Feeder', 'Grayscale8', 'application/pdf'))).headers.get('location')!;
  for (let i = 0; i < 2; i++) {
    const r = await fetch(`${job}/NextDocument`);
    assert.equal(r.status, 200);
    const pdf = Buffer.from(await r.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /\/DCTDecode/);
  }
  assert.equal((await fetch(`${job}/NextDocument`)).status, 404);
  assert.equal((await status()).AdfState, 'ScannerAdfEmpty', 'the tray was emptied');

  reset({}, 2);
  const png = (await createJob(hpSettings('Feeder', 'BlackAndWhite1', 'image/png'))).headers.get('location')!;
  const r = await fetch(`${png}/NextDocument`);
  assert.equal(r.headers.get('content-type'), 'image/png');
  assert.equal((await sharp(Buffer.from(await r.arrayBuffer())).metadata()).channels, 1);
  assert.equal((await fetch(png, { method: 'DELETE' })).status, 200);
  assert.deepEqual(
    (await status()).jobs.map((j) => j.state),
    ['Canceled'],
  );
  assert.equal((await fetch(`${png}/NextDocument`)).status, 404);
  assert.equal((await fetch(png, { method: 'DELETE' })).status, 404);
});

test('faults: empty feeder 409, busy 503 + Retry-After, jam, cover open, dropped transfer', async () => {
  reset({ feederEmpty: true });
  assert.equal((await createJob(hpSettings('Feeder'))).status, 409);
  assert.equal((await status()).AdfState, 'ScannerAdfEmpty');
  assert.equal((await createJob(hpSettings('Platen'))).status, 201, 'the platen still works');

  reset({ busy: 1, retryAfterSec: 7 });
  assert.equal((await status()).State, 'Processing');
  const b = await createJob(hpSettings('Platen'));
  assert.equal(b.status, 503);
  assert.equal(b.headers.get('retry-after'), '7');
  const ok = await createJob(hpSettings('Platen'));
  assert.equal(ok.status, 201);
  await fetch(ok.headers.get('location')!, { method: 'DELETE' });

  reset({ jamAfterPages: 1 }, 3);
  const job = (await createJob(hpSettings('Feeder'))).headers.get('location')!;
  assert.equal((await fetch(`${job}/NextDocument`)).status, 200);
  assert.equal((await fetch(`${job}/NextDocument`)).status, 409);
  const jam = await status();
  assert.deepEqual([jam.State, jam.AdfState, jam.jobs.at(-1)!.state], ['Stopped', 'ScannerAdfJam', 'Aborted']);

  reset({ coverOpen: true });
  assert.equal((await createJob(hpSettings('Feeder'))).status, 409);
  assert.equal((await status()).AdfState, 'ScannerAdfHatchOpen');

  reset({ dropAtPage: 0 });
  const d = (await createJob(hpSettings('Platen'))).headers.get('location')!;
  const r = await fetch(`${d}/NextDocument`);
  await assert.rejects(r.arrayBuffer());
  await assert.rejects(fetch(`${sim.url}ScannerStatus`), 'the device went dark');
  reset();
  assert.equal((await status()).State, 'Idle');
});

test('bad ScanSettings → 400; unsupported resolution → 409', async () => {
  reset();
  assert.equal((await createJob('<nonsense')).status, 400);
  assert.equal((await createJob(hpSettings('Platen', 'RGB24', 'image/jpeg', 123))).status, 409);
});

test('CLI: node --import tsx tests/scanner/esclSimulator.ts --port 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/scanner/esclSimulator.ts', '--port', '0', '--pages', '1', '--quiet'], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(`${url}ScannerCapabilities`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /scan:ScannerCapabilities/);
  } finally {
    child.kill('SIGTERM');
  }
});

// ---- cross-check with a real eSCL client --------------------------------------------------------

function airscanMissing(): string | undefined {
  const pathDirs = (process.env.PATH ?? '').split(':');
  if (!pathDirs.some((d) => d && existsSync(join(d, 'scanimage')))) return 'scanimage (sane-utils) is not installed';
  const libDirs = ['/usr/lib/x86_64-linux-gnu/sane', '/usr/lib/aarch64-linux-gnu/sane', '/usr/lib/sane', '/usr/lib64/sane', '/usr/local/lib/sane'];
  const found = libDirs.some((d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith('libsane-airscan.so')));
  return found ? undefined : 'the sane-airscan backend (libsane-airscan) is not installed';
}

const missing = airscanMissing();

function scanimage(configDir: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('scanimage', args, { cwd, timeout: 25_000, env: { ...process.env, SANE_CONFIG_DIR: configDir } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

test('cross-check: sane-airscan lists the simulator and scans from it', { skip: missing ?? false }, async () => {
  reset({}, 3);
  const dir = mkdtempSync(join(tmpdir(), 'escl-sane-'));
  try {
    // Only airscan, only our simulator, no discovery: no traffic beyond 127.0.0.1.
    writeFileSync(join(dir, 'dll.conf'), 'airscan\n');
    writeFileSync(join(dir, 'airscan.conf'), `[devices]\n"Sim" = ${sim.url}, eSCL\n\n[options]\ndiscovery = disable\n`);

    const list = await scanimage(dir, ['-L'], dir);
    assert.equal(list.code, 0, list.stderr);
    const device = /device `([^']+)' is a eSCL Sim/.exec(list.stdout)?.[1];
    assert.ok(device, `scanimage -L did not list the simulator:\n${list.stdout}${list.stderr}`);

    const flat = await scanimage(dir, ['-d', device, '--format=png', '--resolution', '75', '-o', 'out.png'], dir);
    assert.equal(flat.code, 0, flat.stderr);
    const m = await sharp(readFileSync(join(dir, 'out.png'))).metadata();
    assert.equal(m.format, 'png');
    assert.ok(Math.abs(m.width - 638) <= 2 && Math.abs(m.height - 877) <= 2, `${m.width}×${m.height} is not A4 at 75 dpi`);
    const created = sim.eventsOf('create').filter((e) => e.status === 201);
    assert.equal(created.length, 1);
    assert.deepEqual([created[0]!.settings!.inputSource, created[0]!.settings!.xResolution], ['Platen', 75]);
    assert.ok(sim.eventsOf('next').some((e) => e.status === 200));

    reset({}, 3);
    const batch = await scanimage(dir, ['-d', device, '--source', 'ADF', '--mode', 'Gray', '--resolution', '75', '--format=png', '--batch=p%d.png'], dir);
    assert.match(batch.stderr, /3 pages scanned/, batch.stderr);
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => /^p\d\.png$/.test(f))
        .sort(),
      ['p1.png', 'p2.png', 'p3.png'],
    );
    assert.equal((await sharp(readFileSync(join(dir, 'p3.png'))).metadata()).channels, 1);

    reset({ feederEmpty: true });
    const empty = await scanimage(dir, ['-d', device, '--source', 'ADF', '--resolution', '75', '--format=png', '-o', 'e.png'], dir);
    assert.notEqual(empty.code, 0);
    assert.match(empty.stderr, /out of documents/i, 'sane-airscan read AdfState ScannerAdfEmpty after the 409');

    reset({ jamAfterPages: 1 }, 3);
    const jam = await scanimage(dir, ['-d', device, '--source', 'ADF', '--resolution', '75', '--format=png', '--batch=j%d.png'], dir);
    assert.match(jam.stderr, /jammed/i, 'sane-airscan read AdfState ScannerAdfJam');
    assert.ok(existsSync(join(dir, 'j1.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    reset();
  }
});
