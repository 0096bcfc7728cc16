// The checks of this computer: disk space (the real disk of a temp folder against thresholds),
// the printer, the keystore, paper scanners (an eSCL simulator on 127.0.0.1) and PKCS#11 modules
// (a missing path, and SoftHSM2 loaded in the token code's child process).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsclSimulator } from '#tests/scanner/esclSimulator.ts';
import { noKeystore, type OsKeystore } from '../keystore.ts';
import { shutdown } from '../token/pkcs11/pkcs11Tokens.ts';
import { softHsmModule } from '../token/pkcs11/softhsmFixture.ts';
import { checkKeystore } from './keystore.ts';
import { checkPaperScanners } from './paperScanners.ts';
import { checkPkcs11Modules } from './pkcs11.ts';
import { checkPrinter } from './printer.ts';
import { checkStorage } from './storage.ts';

after(() => shutdown());

const dataDir = mkdtempSync(join(tmpdir(), 'doctor-data-'));

test('storage: the data disk with room to spare is ok, and says the IndexedDB quota is the renderer’s', async () => {
  const c = await checkStorage({ dataDir, limits: { warnFreeBytes: 1, problemFreeBytes: 0 } });
  assert.equal(c.status, 'ok');
  assert.match(c.en, /GiB free|MiB free/);
  assert.match(c.en, /IndexedDB quota/);
});

test('storage: below the warning threshold a warning, below the problem threshold a problem', async () => {
  const huge = Number.MAX_SAFE_INTEGER;
  assert.equal((await checkStorage({ dataDir, limits: { warnFreeBytes: huge, problemFreeBytes: 0 } })).status, 'warning');
  const c = await checkStorage({ dataDir, limits: { warnFreeBytes: huge, problemFreeBytes: huge } });
  assert.equal(c.status, 'problem');
  assert.match(c.fix.vi, /Giải phóng ổ đĩa/);
});

test('storage: a data folder not made yet is measured on the disk it will be on', async () => {
  const c = await checkStorage({ dataDir: join(dataDir, 'not', 'yet'), limits: { warnFreeBytes: 1, problemFreeBytes: 0 } });
  assert.equal(c.status, 'ok');
});

test('printer: none chosen a warning, the chosen one installed ok, missing a problem, unlistable a warning', async () => {
  const installed = async () => ['HP_LaserJet_M404', 'Canon_LBP2900'];
  assert.equal((await checkPrinter({ configured: null, installed })).status, 'warning');
  assert.equal((await checkPrinter({ configured: 'Canon_LBP2900', installed })).status, 'ok');
  const missing = await checkPrinter({ configured: 'Brother_HL', installed });
  assert.equal(missing.status, 'problem');
  assert.match(missing.en, /Brother_HL\) is not installed .*2 printers installed/);
  assert.equal((await checkPrinter({ configured: 'Canon_LBP2900', installed: async () => null })).status, 'warning');
});

test('keystore: available ok, unavailable a warning, none to ask (CLI) a warning', () => {
  const working: OsKeystore = { available: () => true, protect: (d) => d, unprotect: (d) => d };
  assert.equal(checkKeystore(working).status, 'ok');
  assert.equal(checkKeystore(noKeystore).status, 'warning');
  const cli = checkKeystore(null);
  assert.equal(cli.status, 'warning');
  assert.match(cli.fix.en, /System check/);
});

test('paper scanners: a network scanner answering is ok, named by its model', async () => {
  const sim = await new EsclSimulator({ pages: 1 }).start();
  try {
    const c = await checkPaperScanners({ escl: [sim.url], folders: [], sane: false, mdns: false });
    assert.equal(c.status, 'ok', c.en);
    assert.match(c.en, /1 scanners usable/);
  } finally {
    await sim.stop();
  }
});

test('paper scanners: a configured scanner that does not answer is a problem; none at all a warning', async () => {
  const c = await checkPaperScanners({ escl: ['127.0.0.1:1'], folders: [], sane: false, mdns: false, timeoutMs: 2000 });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /not answering: escl:http:\/\/127\.0\.0\.1:1/);
  assert.equal((await checkPaperScanners({ escl: [], folders: [], sane: false, mdns: false })).status, 'warning');
});

test('PKCS#11: a configured module whose file is missing is a problem naming it', async () => {
  const c = await checkPkcs11Modules({
    configured: [{ id: 'gone', vendor: 'Gone CA', paths: [{ platform: 'linux', path: '/opt/gone-ca/libgone.so' }] }],
    installed: [],
    platform: 'linux',
  });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /1 of 1 PKCS#11 modules do not load: \/opt\/gone-ca\/libgone\.so \(file missing\)/);
});

test('PKCS#11: a file that is not a library fails to load in the child process: a problem', async () => {
  const notLibrary = join(dataDir, 'libfake.so');
  writeFileSync(notLibrary, 'not an ELF file');
  const c = await checkPkcs11Modules({ configured: [], installed: [notLibrary] });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /libfake\.so/);
});

test('PKCS#11: SoftHSM2 loads in the child process: ok; nothing configured or installed: a warning', async () => {
  const c = await checkPkcs11Modules({ configured: [], installed: [softHsmModule()] });
  assert.equal(c.status, 'ok', c.en);
  assert.match(c.en, /1 PKCS#11 modules load/);
  assert.equal((await checkPkcs11Modules({ configured: [], installed: [] })).status, 'warning');
});
