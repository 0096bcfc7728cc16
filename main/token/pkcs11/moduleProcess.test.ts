// Modules that block, hang or crash. Each module runs in a child process of its own, so
// the process is killed, the officer reads what happened, and the desk (this process)
// goes on signing with a real module — which a worker thread cannot promise: a thread
// stuck in dlopen holds the process-wide loader lock, and a module that aborts takes
// the whole process with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TokenError } from './errors.ts';
import { listSlots, open, shutdown } from './pkcs11Tokens.ts';
import { createSoftHsmToken, type SoftHsmFixture } from './softhsmFixture.ts';
import { Pkcs11Host } from './workerHost.ts';

const DATA = Buffer.from('Hồ sơ số 000.00.12.H29-241123-0002', 'utf8');
const DIGEST = createHash('sha256').update(DATA).digest();

// The smallest PKCS#11 library that misbehaves where vendor DLLs do: C_GetFunctionList
// answers normally and C_Initialize (the first entry of CK_FUNCTION_LIST, after the
// CK_VERSION) either never returns or aborts the process.
const LIBRARY_SOURCE = `
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef unsigned long CK_RV;
typedef CK_RV (*CK_FN)(void);
struct function_list { unsigned char major, minor; CK_FN fn[68]; };
static struct function_list list;

static CK_RV not_supported(void) { return 0x54; }

static CK_RV initialize(void *args) {
  (void)args;
#ifdef HANG
  FILE *f = fopen(PID_FILE, "w");
  if (f) { fprintf(f, "%d", (int)getpid()); fclose(f); }
  for (;;) pause();
#else
  abort();
#endif
}

CK_RV C_GetFunctionList(struct function_list **out) {
  list.major = 2;
  list.minor = 40;
  for (int i = 0; i < 68; i++) list.fn[i] = not_supported;
  list.fn[0] = (CK_FN)initialize;
  *out = &list;
  return 0;
}
`;

const CC_MISSING =
  spawnSync('cc', ['--version']).status === 0 ? false : 'cc (gcc) is not installed, so the hanging and aborting test libraries cannot be built';

let fx: SoftHsmFixture;
let dir: string;

before(async () => {
  fx = await createSoftHsmToken();
  dir = await mkdtemp(join(tmpdir(), 'desk-p11-proc-'));
});

after(async () => {
  try {
    await shutdown();
  } finally {
    await fx?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

function build(name: string, defines: string[]): string {
  const source = join(dir, `${name}.c`);
  const library = join(dir, `${name}.so`);
  execFileSync('cc', ['-shared', '-fPIC', '-o', library, source, ...defines], { input: '', stdio: 'pipe' });
  return library;
}

async function rejection(promise: Promise<unknown>): Promise<TokenError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TokenError, `expected a TokenError, got ${String(e)}`);
    assert.ok(e.text.vi.length > 0 && e.text.en.length > 0);
    return e;
  }
  assert.fail('expected the call to fail, but it succeeded');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The real module still lists, logs in and signs in this same process. */
async function softHsmStillSigns(): Promise<void> {
  const slots = await listSlots(fx.modulePath);
  assert.ok(slots.some((s) => s.label === fx.tokenLabel));
  const signer = await open(fx.modulePath, fx.tokenLabel, fx.ec.id, fx.userPin);
  try {
    const signature = await signer.signDigest(DIGEST);
    const publicKey = new X509Certificate(fx.ec.certificate).publicKey;
    assert.ok(verify('sha256', DATA, { key: publicKey, dsaEncoding: 'der' }, signature));
  } finally {
    await signer.close();
  }
}

describe('a module whose loading blocks', () => {
  it(
    'a FIFO named like a .so: listing fails within the timeout, names the library, and a real module still signs afterwards',
    { timeout: 120_000 },
    async () => {
      const fifo = join(dir, 'vnptca_p11_v10.so');
      execFileSync('mkfifo', [fifo]);
      const host = new Pkcs11Host(fifo);
      try {
        const error = await rejection(host.call('tokens', {}, { timeoutMs: 2_000 }));
        assert.equal(error.code, 'pkcs11.timeout');
        assert.match(error.text.vi, /Thư viện PKCS#11 .*vnptca_p11_v10\.so.* không phản hồi .* đã bị dừng/);
        assert.match(error.text.en, /The PKCS#11 library .*vnptca_p11_v10\.so did not answer .* was stopped/);
      } finally {
        await host.shutdown();
      }
      // The loader lock is not held by anything in this process: a module loads and signs.
      await softHsmStillSigns();
    },
  );
});

describe('a module that hangs inside a call', { skip: CC_MISSING }, () => {
  it('is killed (its process is gone), reported, and the next call works', { timeout: 120_000 }, async () => {
    const pidFile = join(dir, 'hang.pid');
    await writeFile(join(dir, 'hang.c'), LIBRARY_SOURCE);
    const library = build('hang', ['-DHANG', `-DPID_FILE="${pidFile}"`]);
    const host = new Pkcs11Host(library);
    try {
      // Start the module's process first (finalize loads nothing), so the timeout below
      // measures the hang in C_Initialize, not the start of a process on a busy machine.
      await host.call('finalize', {});
      const error = await rejection(host.call('tokens', {}, { timeoutMs: 2_000 }));
      assert.equal(error.code, 'pkcs11.timeout');
      assert.ok(error.text.vi.includes(library) && error.text.en.includes(library), error.message);
      assert.ok(existsSync(pidFile), 'the library reached C_Initialize');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      assert.notEqual(pid, process.pid, 'the module ran inside the desk’s own process');
      // Killed, not abandoned: the process ends (no deadline here; the test's timeout bounds it).
      while (alive(pid)) await sleep(20);
    } finally {
      await host.shutdown();
    }
    await softHsmStillSigns();
  });
});

describe('a module that crashes', { skip: CC_MISSING }, () => {
  it('abort() in C_Initialize is reported, not fatal; each call gets a fresh process', { timeout: 120_000 }, async () => {
    await writeFile(join(dir, 'crash.c'), LIBRARY_SOURCE);
    const library = build('crash', []);
    const host = new Pkcs11Host(library);
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await rejection(host.call('tokens', {}));
        assert.equal(error.code, 'pkcs11.worker-crashed');
        assert.match(error.text.en, /SIGABRT/);
      }
    } finally {
      await host.shutdown();
    }
    await softHsmStillSigns();
  });
});
