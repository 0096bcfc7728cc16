import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, verify, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { DeskError } from '#domain/errors.ts';
import { PivCard } from './cardClient.ts';
import { createEmulatorIdentity, type EmulatorIdentity } from './emulatedToken.ts';
import { EmulatedToken } from './emulator.ts';
import { CtapHidChannel } from './framing.ts';
import { PivApplet, type PivAppletOptions } from './pivApplet.ts';
import type { TransmitOptions } from './apdu.ts';

// Key generation is the slow part: one identity per key kind for the whole file.
const rsa = await createEmulatorIdentity({ keyKind: 'rsa' });
const ecdsa = await createEmulatorIdentity({ keyKind: 'ecdsa', authority: rsa.authority });

function emulator(identity: EmulatorIdentity, options: Partial<PivAppletOptions> = {}) {
  const applet = new PivApplet({ certificate: identity.certificate, privateKey: identity.privateKey, ...options });
  return { applet, token: new EmulatedToken(applet) };
}

async function connect(token: EmulatedToken, apdu: TransmitOptions = {}) {
  const channel = new CtapHidChannel(token.connect(), { idleTimeoutMs: 1000 });
  const card = new PivCard(channel, apdu);
  await card.select();
  return { card, channel };
}

async function deskError(promise: Promise<unknown>, code: string): Promise<DeskError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeskError, `expected a DeskError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

test('reads the signing certificate through GET DATA and GET RESPONSE', async () => {
  for (const compressCertificate of [false, true]) {
    const { token, applet } = emulator(rsa, { compressCertificate });
    const { card, channel } = await connect(token);
    const der = await card.readCertificate();
    assert.deepEqual(der, rsa.certificate);
    const x509 = new X509Certificate(der);
    assert.ok(x509.subject.includes('CN=Nguyễn Thị Hương'), x509.subject);
    const parsed = pkijs.Certificate.fromBER(new Uint8Array(der));
    assert.equal(parsed.subject.typesAndValues.find((t) => t.type === '2.5.4.3')?.value.valueBlock.value, 'Nguyễn Thị Hương');
    assert.ok(
      applet.log.some((c) => c.ins === 0xc0),
      'a certificate does not fit one short response',
    );
    await channel.close();
  }
});

test('PIN status is read before the PIN is typed, without spending a try', async () => {
  const { token } = emulator(rsa);
  const { card } = await connect(token);
  assert.deepEqual(await card.pinStatus(), { triesLeft: 3, locked: false, verified: false });
  assert.deepEqual(await card.pinStatus(), { triesLeft: 3, locked: false, verified: false });
  await card.verifyPin('123456');
  assert.deepEqual(await card.pinStatus(), { triesLeft: null, locked: false, verified: true });
});

test('a wrong PIN says how many tries are left, in Vietnamese first', async () => {
  const { token } = emulator(rsa);
  const { card } = await connect(token);
  const error = await deskError(card.verifyPin('654321'), 'token.wrong-pin');
  assert.equal(error.text.vi, 'Sai mã PIN. Còn 2 lần thử trước khi token bị khoá.');
  assert.equal(error.text.en, 'Wrong PIN. 2 tries left before the token locks.');
  assert.ok(!error.message.includes('654321'), 'the PIN never appears in an error');
  assert.equal((await card.pinStatus()).triesLeft, 2);
  await card.verifyPin('123456');
  assert.equal(token.applet.pinTriesLeft, 3, 'a right PIN resets the counter');
});

test('three wrong PINs lock the token; then even the right PIN is not sent', async () => {
  const { token, applet } = emulator(rsa);
  const { card, channel } = await connect(token);
  await deskError(card.verifyPin('000000'), 'token.wrong-pin');
  await deskError(card.verifyPin('111111'), 'token.wrong-pin');
  const locked = await deskError(card.verifyPin('222222'), 'token.locked');
  assert.match(locked.text.vi, /^Token đã bị khoá do nhập sai PIN quá số lần cho phép/);
  assert.match(locked.text.en, /locked/);
  await channel.close();

  // The counter lives on the card: a new connection finds it locked too.
  const again = await connect(token);
  assert.deepEqual(await again.card.pinStatus(), { triesLeft: 0, locked: true, verified: false });
  const verifiesBefore = applet.log.filter((c) => c.ins === 0x20 && c.dataLength > 0).length;
  await deskError(again.card.verifyPin('123456'), 'token.locked');
  assert.equal(applet.log.filter((c) => c.ins === 0x20 && c.dataLength > 0).length, verifiesBefore, 'no VERIFY with a PIN went to a locked card');
  assert.equal(applet.pinTriesLeft, 0);
});

test('a PIN of the wrong length is refused before it reaches the card', async () => {
  const { token, applet } = emulator(rsa);
  const { card } = await connect(token);
  await deskError(card.verifyPin('12345'), 'token.pin-format');
  await deskError(card.verifyPin('123456789'), 'token.pin-format');
  assert.equal(applet.pinTriesLeft, 3);
  assert.ok(!applet.log.some((c) => c.ins === 0x20));
});

test('RSA-2048 and ECDSA P-256 signatures verify against the certificate', async () => {
  for (const [identity, algorithm, apdu] of [
    [rsa, 'rsa-pkcs1-sha256', {}],
    [rsa, 'rsa-pkcs1-sha256', { extended: true }],
    [ecdsa, 'ecdsa-p256-sha256', {}],
  ] as const) {
    const { token } = emulator(identity);
    const { card } = await connect(token, apdu);
    await card.verifyPin('123456');
    const signature = await card.signDigest(digestOf('Hồ sơ 000.00.01.H12-261123-0001'), algorithm);
    const publicKey = new X509Certificate(identity.certificate).publicKey;
    assert.ok(verify('sha256', Buffer.from('Hồ sơ 000.00.01.H12-261123-0001'), publicKey, signature), `${algorithm} verifies`);
    assert.ok(!verify('sha256', Buffer.from('something else'), publicKey, signature));
  }
});

test('the signature key wants the PIN again for every signature', async () => {
  const { token } = emulator(ecdsa);
  const { card } = await connect(token);
  await deskError(card.signDigest(digestOf('a'), 'ecdsa-p256-sha256'), 'token.pin-required');
  await card.verifyPin('123456');
  await card.signDigest(digestOf('a'), 'ecdsa-p256-sha256');
  await deskError(card.signDigest(digestOf('b'), 'ecdsa-p256-sha256'), 'token.pin-required');
  await deskError(card.signDigest(new Uint8Array(20), 'ecdsa-p256-sha256'), 'token.bad-digest');
});

test('a device without the PIV applet is named as such', async () => {
  const { token } = emulator(rsa);
  const channel = new CtapHidChannel(token.connect());
  const notPiv = { transmit: (apdu: Uint8Array) => channel.transmit(apdu.map((b, i) => (i === 9 ? 0x09 : b))) };
  await deskError(new PivCard(notPiv).select(), 'token.not-piv');
});
