// Against a real PKCS#11 module: SoftHSM2 with keys generated on the token. Without
// SoftHSM2 these tests fail (CI installs it); they never skip.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeskError } from '#domain/errors.ts';
import { TokenError } from './errors.ts';
import { installedModules } from './moduleList.ts';
import { cancel, listCertificates, listSlots, open, shutdown } from './pkcs11Tokens.ts';
import { createSoftHsmToken, type FixtureKey, type SoftHsmFixture } from './softhsmFixture.ts';

const DATA = Buffer.from('Hồ sơ số 000.00.12.H29-241123-0001', 'utf8');
const DIGEST = createHash('sha256').update(DATA).digest();

function verifies(key: FixtureKey, signature: Uint8Array): boolean {
  const publicKey = new X509Certificate(key.certificate).publicKey;
  return verify('sha256', DATA, { key: publicKey, dsaEncoding: 'der' }, signature);
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<TokenError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TokenError, `expected a TokenError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.text.vi.length > 0 && e.text.en.length > 0);
    return e;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

let fx: SoftHsmFixture;

before(async () => {
  fx = await createSoftHsmToken();
});

after(async () => {
  try {
    await shutdown();
  } finally {
    await fx?.cleanup();
  }
});

describe('module list', () => {
  it('finds the SoftHSM2 module on this machine, as a testing module only', () => {
    const withTesting = installedModules({ includeTesting: true });
    assert.ok(withTesting.some((m) => m.id === 'softhsm2' && m.path === fx.modulePath && m.testing));
    assert.ok(!installedModules().some((m) => m.id === 'softhsm2'));
  });
});

describe('listing', () => {
  it('finds the token by label, with its serial and PIN state', async () => {
    const slots = await listSlots(fx.modulePath);
    const token = slots.find((s) => s.label === fx.tokenLabel);
    assert.ok(token, `token "${fx.tokenLabel}" not in ${JSON.stringify(slots.map((s) => s.label))}`);
    assert.equal(token.serial, fx.tokenSerial);
    assert.equal(token.manufacturer, 'SoftHSM project');
    assert.equal(token.pin.state, 'ok');
    assert.equal(token.pin.notice, null);
    assert.equal(token.protectedAuthenticationPath, false);
    // SoftHSM always offers a spare, uninitialised slot; officers never see it.
    assert.ok(
      slots.every((s) => s.label !== ''),
      JSON.stringify(slots.map((s) => s.label)),
    );
  });

  it('lists the certificates that have a key pair, with Vietnamese names intact, and leaves out the CA', async () => {
    const certificates = await listCertificates(fx.modulePath, fx.tokenLabel);
    const byId = new Map(certificates.map((c) => [c.id, c]));
    assert.deepEqual([...byId.keys()].sort(), ['01', '02', '03']);
    const rsa = byId.get('01')!;
    assert.equal(rsa.subject, 'Nguyễn Thị Hồng Nhung');
    assert.equal(rsa.issuer, 'CA Thử nghiệm Bộ phận Một cửa');
    assert.deepEqual(rsa.key, { kind: 'rsa', bits: 2048 });
    assert.equal(rsa.algorithm, 'rsa-pkcs1-sha256');
    // SoftHSM hides private keys until login, as vendor tokens do; the public key matches.
    assert.equal(rsa.keyMatch, 'public-key');
    assert.ok(rsa.validFrom < new Date() && new Date() < rsa.validTo);
    const ec = byId.get('02')!;
    assert.equal(ec.subject, 'Trần Văn Đức');
    assert.deepEqual(ec.key, { kind: 'ec', curve: 'prime256v1' });
    assert.equal(ec.algorithm, 'ecdsa-p256-sha256');
  });

  it('selects the token by serial as well as by label', async () => {
    const certificates = await listCertificates(fx.modulePath, fx.tokenSerial);
    assert.equal(certificates.length, 3);
  });

  it('says clearly when the token is not there', async () => {
    await rejectsWith(listCertificates(fx.modulePath, 'Không có token này'), 'pkcs11.token-not-found');
  });
});

describe('signing', () => {
  it('signs a SHA-256 digest with the RSA key; node:crypto verifies it against the certificate', async () => {
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.rsa.id, fx.userPin);
    try {
      assert.equal(signer.algorithm, 'rsa-pkcs1-sha256');
      assert.deepEqual(signer.certificate, fx.rsa.certificate);
      assert.equal(signer.label, `${fx.tokenLabel} — Nguyễn Thị Hồng Nhung`);
      assert.deepEqual(signer.chain, [fx.authority.certificate]);
      const signature = await signer.signDigest(DIGEST);
      assert.equal(signature.length, 256);
      assert.ok(verifies(fx.rsa, signature));
      assert.ok(!verifies(fx.ec, signature));
    } finally {
      await signer.close();
    }
  });

  it('signs with the EC key and returns the DER Ecdsa-Sig-Value CMS expects', async () => {
    const signer = await open(fx.modulePath, fx.tokenSerial, fx.ec.id, fx.userPin);
    try {
      assert.equal(signer.algorithm, 'ecdsa-p256-sha256');
      const signature = await signer.signDigest(DIGEST);
      assert.equal(signature[0], 0x30);
      assert.ok(verifies(fx.ec, signature));
    } finally {
      await signer.close();
    }
  });

  it('refuses to sign after close', async () => {
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.ec.id, fx.userPin);
    await signer.close();
    await signer.close();
    await rejectsWith(signer.signDigest(DIGEST), 'pkcs11.session-lost');
  });

  it('asks for the PIN again on every signature when the key is CKA_ALWAYS_AUTHENTICATE', async () => {
    const asked: string[] = [];
    const pins = ['000000', fx.userPin];
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.ecAlwaysAuthenticate.id, fx.userPin, {
      pinForSignature: async () => {
        const pin = pins.shift()!;
        asked.push(pin);
        return pin;
      },
    });
    try {
      assert.equal(signer.pinForEachSignature, true);
      const wrong = await rejectsWith(signer.signDigest(DIGEST), 'pkcs11.pin-incorrect');
      assert.ok(!wrong.message.includes('000000'));
      const signature = await signer.signDigest(DIGEST);
      assert.ok(verifies(fx.ecAlwaysAuthenticate, signature));
      assert.equal(asked.length, 2);
    } finally {
      await signer.close();
    }
  });

  it('will not sign with a CKA_ALWAYS_AUTHENTICATE key when nobody can be asked for the PIN', async () => {
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.ecAlwaysAuthenticate.id, fx.userPin);
    try {
      await rejectsWith(signer.signDigest(DIGEST), 'pkcs11.pin-per-signature');
    } finally {
      await signer.close();
    }
  });
});

describe('PIN failures', () => {
  it('a wrong PIN gives the bilingual error without the PIN, and the re-read flags', async () => {
    const wrongPin = '975312';
    const error = await rejectsWith(open(fx.modulePath, fx.tokenLabel, fx.rsa.id, wrongPin), 'pkcs11.pin-incorrect');
    assert.ok(isDeskError(error));
    assert.match(error.text.vi, /^Sai mã PIN\./);
    assert.match(error.text.en, /^Wrong PIN\./);
    for (const text of [error.message, error.text.vi, error.text.en, String(error.stack), JSON.stringify(error)]) {
      assert.ok(!text.includes(wrongPin), 'the PIN leaked into the error');
    }
    assert.equal(error.ckr, 'CKR_PIN_INCORRECT');
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure (it never locks).
    assert.equal(error.pin?.state, 'count-low');
    const [token] = (await listSlots(fx.modulePath)).filter((s) => s.label === fx.tokenLabel);
    assert.equal(token?.pin.state, 'count-low');
    assert.match(token?.pin.notice?.vi ?? '', /cẩn thận/);
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.rsa.id, fx.userPin);
    await signer.close();
    const [afterRightPin] = (await listSlots(fx.modulePath)).filter((s) => s.label === fx.tokenLabel);
    assert.equal(afterRightPin?.pin.state, 'ok');
  });

  it('no PIN on a token without a PIN pad is refused before the token is asked', async () => {
    await rejectsWith(open(fx.modulePath, fx.tokenLabel, fx.rsa.id, null), 'pkcs11.pin-missing');
  });

  it('a wrong PIN does not ride on an earlier login', async () => {
    const first = await open(fx.modulePath, fx.tokenLabel, fx.rsa.id, fx.userPin);
    await rejectsWith(open(fx.modulePath, fx.tokenLabel, fx.rsa.id, '111111'), 'pkcs11.pin-incorrect');
    // Opening again logged the first signer out: its session is gone, not silently reused.
    await rejectsWith(first.signDigest(DIGEST), 'pkcs11.session-lost');
    await first.close();
  });
});

describe('module failures', () => {
  it('a module path that does not exist', async () => {
    const path = join(tmpdir(), 'khong-co', 'vnptca_p11_v10.so');
    const error = await rejectsWith(listSlots(path), 'pkcs11.module-missing');
    assert.match(error.text.vi, /Không tìm thấy thư viện PKCS#11/);
    assert.ok(error.message.includes(path));
  });

  it('a relative module path', async () => {
    await rejectsWith(listSlots('libsofthsm2.so'), 'pkcs11.module-path');
  });

  it('a file that is not a PKCS#11 library', async () => {
    const fake = join(tmpdir(), `not-a-module-${process.pid}.so`);
    await writeFile(fake, 'this is not a shared library');
    const error = await rejectsWith(listSlots(fake), 'pkcs11.module-load');
    assert.match(error.text.vi, /Không nạp được thư viện PKCS#11/);
    // The process that failed to load stays usable for the next attempt.
    await rejectsWith(listSlots(fake), 'pkcs11.module-load');
  });
});

describe('module process', () => {
  it('keeps the event loop ticking during a batch of signatures', async () => {
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.rsa.id, fx.userPin);
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const interval = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 2);
    try {
      const started = performance.now();
      // Sequential awaits: were the token calls made on this thread, only microtasks
      // would run between them and the interval would never fire.
      for (let i = 0; i < 150; i++) await signer.signDigest(DIGEST);
      const elapsed = performance.now() - started;
      assert.ok(ticks >= 5, `only ${ticks} ticks in ${elapsed.toFixed(0)} ms of signing`);
      assert.ok(longestGap < 250, `the event loop stalled for ${longestGap.toFixed(0)} ms`);
    } finally {
      clearInterval(interval);
      await signer.close();
    }
  });

  it('a module process stopped mid-call gives a clear error, and the next call works in a new one', async () => {
    const signer = await open(fx.modulePath, fx.tokenLabel, fx.ec.id, fx.userPin);
    const batch = Array.from({ length: 20 }, () =>
      signer.signDigest(DIGEST).then(
        () => 'signed',
        (e: unknown) => e,
      ),
    );
    cancel(fx.modulePath);
    const outcomes = await Promise.all(batch);
    const first = outcomes[0];
    assert.ok(first instanceof TokenError && first.code === 'pkcs11.cancelled', String(first));
    // The session lived in the stopped process: later signatures say so instead of hanging.
    for (const outcome of outcomes.slice(1)) assert.ok(outcome instanceof TokenError && outcome.code === 'pkcs11.session-lost', String(outcome));
    await signer.close();
    const slots = await listSlots(fx.modulePath);
    assert.ok(slots.some((s) => s.label === fx.tokenLabel));
    const again = await open(fx.modulePath, fx.tokenLabel, fx.ec.id, fx.userPin);
    try {
      assert.ok(verifies(fx.ec, await again.signDigest(DIGEST)));
    } finally {
      await again.close();
    }
  });

  it('a call that outlives its timeout fails clearly and the module is usable afterwards', async () => {
    await shutdown();
    // Starting a process and loading the module takes far longer than 1 ms.
    await rejectsWith(listSlots(fx.modulePath, { timeoutMs: 1 }), 'pkcs11.timeout');
    const slots = await listSlots(fx.modulePath);
    assert.ok(slots.some((s) => s.label === fx.tokenLabel));
  });

  it('an aborted call is cancelled, whether queued or running', async () => {
    const controller = new AbortController();
    const running = listSlots(fx.modulePath, { signal: controller.signal });
    const queued = listCertificates(fx.modulePath, fx.tokenLabel, { signal: controller.signal });
    controller.abort();
    await rejectsWith(running, 'pkcs11.cancelled');
    await rejectsWith(queued, 'pkcs11.cancelled');
    await rejectsWith(listSlots(fx.modulePath, { signal: controller.signal }), 'pkcs11.cancelled');
    assert.ok((await listSlots(fx.modulePath)).length > 0);
  });

  it('a long-lived signal keeps no listener from calls that finished', async () => {
    const desk = new AbortController();
    for (let i = 0; i < 3; i++) await listSlots(fx.modulePath, { signal: desk.signal });
    assert.equal(getEventListeners(desk.signal, 'abort').length, 0);
  });
});
