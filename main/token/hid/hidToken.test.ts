import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { DeskError } from '#domain/errors.ts';
import { createEmulatedToken, createEmulatorIdentity } from './emulatedToken.ts';

const rsa = await createEmulatorIdentity({ keyKind: 'rsa' });
const ecdsa = await createEmulatorIdentity({ keyKind: 'ecdsa', authority: rsa.authority });

// Short timeouts so a hang would show up as a failure, not a stuck run.
const framing = { idleTimeoutMs: 150, ceilingMs: 3000 };
const device = { keepAliveIntervalMs: 40 };

async function setup(options: Parameters<typeof createEmulatedToken>[0] = {}) {
  const emulated = await createEmulatedToken({ identity: rsa, framing, device, ...options });
  const [first] = await emulated.tokens.listTokens();
  assert.ok(first);
  return { ...emulated, id: first.id };
}

async function deskError(promise: Promise<unknown>, code: string): Promise<DeskError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeskError, `expected a DeskError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.ok(error.text.vi && error.text.en);
  return error;
}

const message = Buffer.from('Phiếu tiếp nhận hồ sơ');
const digest = new Uint8Array(createHash('sha256').update(message).digest());

test('lists the emulated token and shows its certificate and PIN tries before unlocking', async () => {
  const { tokens, id } = await setup();
  const listed = await tokens.listTokens();
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.kind, 'hid');
  assert.match(listed[0]!.label, /^Token giả lập PIV \(\d{8}\)$/);
  const status = await tokens.status(id);
  assert.equal(status.certificate.subject, 'Nguyễn Thị Hương');
  assert.equal(status.certificate.issuer, 'CA Thử nghiệm Một Cửa');
  assert.ok(status.certificate.validFrom.getTime() < Date.now() && Date.now() < status.certificate.validTo.getTime());
  assert.equal(status.pinTriesLeft, 3);
  assert.equal(status.locked, false);
});

test('unlock gives a Signer whose signatures verify, once per PIN entry', async () => {
  for (const [identity, algorithm] of [
    [rsa, 'rsa-pkcs1-sha256'],
    [ecdsa, 'ecdsa-p256-sha256'],
  ] as const) {
    const { tokens, id } = await setup({ identity });
    const signer = await tokens.unlock(id, '123456');
    assert.equal(signer.algorithm, algorithm);
    assert.deepEqual(signer.certificate, identity.certificate);
    assert.match(signer.label, /Nguyễn Thị Hương/);
    const signature = await signer.signDigest(digest);
    assert.ok(verify('sha256', message, new X509Certificate(signer.certificate).publicKey, signature), algorithm);
    await deskError(signer.signDigest(digest), 'token.signer-used');
  }
});

test('a wrong PIN is reported with the tries left; a locked token stays locked', async () => {
  const { tokens, id, token } = await setup({ pin: '24681357' });
  const wrong = await deskError(tokens.unlock(id, '123456'), 'token.wrong-pin');
  assert.match(wrong.text.vi, /Còn 2 lần thử/);
  assert.ok(!wrong.message.includes('123456'));
  await deskError(tokens.unlock(id, '123457'), 'token.wrong-pin');
  await deskError(tokens.unlock(id, '123458'), 'token.locked');
  assert.deepEqual({ tries: (await tokens.status(id)).pinTriesLeft, locked: (await tokens.status(id)).locked }, { tries: 0, locked: true });
  await deskError(tokens.unlock(id, '24681357'), 'token.locked');
  assert.equal(token.applet.log.filter((c) => c.ins === 0x20 && c.dataLength > 0).length, 3, 'only the three wrong PINs were ever sent');
});

test('unplugging mid-command ends in a clear error, not a hang', async () => {
  const { tokens, id, token } = await setup();
  const signer = await tokens.unlock(id, '123456');
  token.unplugDuringNextCommand();
  const started = Date.now();
  const gone = await deskError(signer.signDigest(digest), 'token.device-gone');
  assert.ok(Date.now() - started < 1000, 'reported at once, not after a timeout');
  assert.match(gone.text.vi, /rút ra/);
  assert.deepEqual(await tokens.listTokens(), []);
  await deskError(tokens.status(id), 'token.not-found');
  token.plugIn();
  assert.equal((await tokens.status(id)).pinTriesLeft, 3);
});

test('a busy token sending keep-alives still answers', async () => {
  const { tokens, id, token } = await setup();
  token.busyOnNextCommand(framing.idleTimeoutMs * 2);
  const started = Date.now();
  assert.equal((await tokens.status(id)).certificate.subject, 'Nguyễn Thị Hương');
  assert.ok(Date.now() - started >= framing.idleTimeoutMs * 2, 'the keep-alives carried the command past the idle timeout');
});

test('a token that goes silent times out within the configured time', async () => {
  const { tokens, id, token } = await setup();
  token.silentOnNextCommand();
  const started = Date.now();
  await deskError(tokens.status(id), 'token.timeout');
  assert.ok(Date.now() - started < framing.idleTimeoutMs + 1000);
  assert.equal((await tokens.status(id)).pinTriesLeft, 3, 'the token works again afterwards');
});

test('malformed replies are clear errors, and the next command works', async () => {
  for (const kind of ['short-report', 'bad-sequence', 'wrong-command'] as const) {
    const { tokens, id, token } = await setup();
    token.malformNextReply(kind);
    const error = await deskError(tokens.status(id), 'token.malformed-reply');
    assert.match(error.text.vi, /sai định dạng/, kind);
    assert.equal((await tokens.status(id)).pinTriesLeft, 3, kind);
  }
});

test('another program’s packet on another channel does not disturb the reply', async () => {
  const { tokens, id, token } = await setup();
  token.strayPacketBeforeNextReply();
  const signer = await tokens.unlock(id, '123456');
  assert.ok(verify('sha256', message, new X509Certificate(signer.certificate).publicKey, await signer.signDigest(digest)));
});

test('an unknown token id is not found', async () => {
  const { tokens } = await setup();
  await deskError(tokens.status('emulator:nope'), 'token.not-found');
  await deskError(tokens.unlock('emulator:nope', '123456'), 'token.not-found');
});
