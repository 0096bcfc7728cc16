import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  installerUrl,
  selectInstaller,
  shippedTrustFile,
  signatureUrl,
  trustedKeysOf,
  validateFeedUrl,
  verifyFeed,
  FEED_FORMAT,
  PRODUCT,
  type Feed,
} from './feed.ts';
import { makeSigner } from '#tests/update/updateServer.ts';
import { feedBytes, signFeed } from '#scripts/sign-update-feed.ts';

const trusted = makeSigner('tinh-2026');
const stranger = makeSigner('tinh-2026');
const other = makeSigner('someone-else');
const sha = (s: string) => createHash('sha512').update(s).digest('base64');

const feed: Feed = {
  format: FEED_FORMAT,
  product: PRODUCT,
  version: '0.2.0',
  releaseDate: '2026-11-22T09:00:00+07:00',
  minimumVersion: '0.1.0',
  rolloutPercent: 50,
  installers: [
    {
      platform: 'win32',
      arch: 'x64',
      kind: 'nsis',
      file: 'mot-cua-desk-setup-0.2.0.exe',
      size: 10,
      sha512: sha('exe'),
      blockmap: { file: 'mot-cua-desk-setup-0.2.0.exe.blockmap', size: 3, sha512: sha('map') },
    },
    { platform: 'linux', arch: 'x64', kind: 'appimage', file: 'mot-cua-desk-0.2.0-x86_64.AppImage', size: 11, sha512: sha('img') },
  ],
};
const bytes = feedBytes(feed);
const errorCode = (code: string, vi: RegExp) => (e: unknown) => {
  assert.equal((e as { code: string }).code, code);
  assert.match((e as { text: { vi: string } }).text.vi, vi);
  assert.ok((e as { text: { en: string } }).text.en.length > 0);
  return true;
};

test('a feed signed by a trusted key is accepted and read', () => {
  assert.deepEqual(verifyFeed(bytes, signFeed(bytes, trusted.privateKey, trusted.id), [trusted.trusted]), feed);
});

test('a key this desk does not list is refused, whatever the feed says', () => {
  assert.throws(
    () => verifyFeed(bytes, signFeed(bytes, other.privateKey, other.id), [trusted.trusted]),
    errorCode('update.unknown-key', /khoá "someone-else".*không tin cậy/),
  );
});

test("a signature by another key under a trusted key's id is a forgery", () => {
  assert.throws(() => verifyFeed(bytes, signFeed(bytes, stranger.privateKey, trusted.id), [trusted.trusted]), errorCode('update.forged', /không khớp/));
});

test('one byte changed after signing (even whitespace) is refused', () => {
  const signature = signFeed(bytes, trusted.privateKey, trusted.id);
  const altered = Buffer.from(bytes.toString('utf8').replace('"rolloutPercent": 50', '"rolloutPercent": 100'));
  assert.throws(() => verifyFeed(altered, signature, [trusted.trusted]), errorCode('update.forged', /giả hoặc đã bị sửa/));
  assert.throws(() => verifyFeed(Buffer.concat([bytes, Buffer.from(' ')]), signature, [trusted.trusted]), { code: 'update.forged' });
});

test('a signed but malformed feed is refused, saying where', () => {
  for (const [broken, where] of [
    [Buffer.from('{"format":'), /JSON/],
    [feedBytes({ ...feed, version: 'next' }), /version/],
    [feedBytes({ ...feed, minimumVersion: '0.3.0' }), /minimumVersion/],
    [feedBytes({ ...feed, rolloutPercent: 150 }), /rolloutPercent/],
    [feedBytes({ ...feed, installers: [{ ...feed.installers[0]!, file: '../../evil.exe' }] }), /installers\.0\.file/],
    [feedBytes({ ...feed, installers: [{ ...feed.installers[0]!, file: 'https://evil.example/x.exe' }] }), /installers\.0\.file/],
    [feedBytes({ ...feed, installers: [{ ...feed.installers[0]!, sha512: 'abc' }] }), /sha512/],
    [feedBytes({ ...feed, product: 'other-app' } as unknown as Feed), /product/],
  ] as const) {
    assert.throws(() => verifyFeed(broken, signFeed(broken, trusted.privateKey, trusted.id), [trusted.trusted]), errorCode('update.malformed-feed', where));
  }
});

test('an unreadable signature file, and a build that trusts no key, are refused with their reasons', () => {
  assert.throws(() => verifyFeed(bytes, Buffer.from('not json'), [trusted.trusted]), errorCode('update.bad-signature', /không đọc được/));
  assert.throws(() => verifyFeed(bytes, signFeed(bytes, trusted.privateKey, trusted.id), []), errorCode('update.no-trusted-key', /chưa có khoá tin cậy/));
});

test('the shipped trust file loads: Ed25519 keys only, and a Windows publisher', () => {
  assert.ok(Array.isArray(trustedKeysOf(shippedTrustFile)));
  assert.ok(shippedTrustFile.windowsPublishers.length > 0);
  assert.throws(() =>
    trustedKeysOf({
      keys: [{ id: 'rsa', publicKey: '-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAL8=\n-----END PUBLIC KEY-----' }],
      windowsPublishers: [],
    }),
  );
});

test('feed address: https, or http to this computer only; the signature and installers are fetched beside it', () => {
  const url = validateFeedUrl('https://capnhat.tinh.gov.vn/desk/update.json');
  assert.equal(signatureUrl(url).href, 'https://capnhat.tinh.gov.vn/desk/update.json.sig');
  assert.equal(installerUrl(url, feed.installers[0]!).href, 'https://capnhat.tinh.gov.vn/desk/mot-cua-desk-setup-0.2.0.exe');
  assert.ok(validateFeedUrl('http://127.0.0.1:8788/update.json'));
  assert.throws(() => validateFeedUrl('http://capnhat.tinh.gov.vn/update.json'), errorCode('update.insecure-feed-url', /https/));
  for (const bad of ['capnhat', 'https://u:p@x.vn/update.json', 'https://x.vn/update.json?v=1', 'https://x.vn/desk/']) {
    assert.throws(() => validateFeedUrl(bad), { code: 'update.bad-feed-url' }, bad);
  }
});

test('the installer for this desk is chosen by platform, arch and kind; none is a clear refusal', () => {
  assert.equal(selectInstaller(feed, { platform: 'linux', arch: 'x64', kind: 'appimage' }).file, 'mot-cua-desk-0.2.0-x86_64.AppImage');
  assert.throws(() => selectInstaller(feed, { platform: 'linux', arch: 'x64', kind: 'deb' }), errorCode('update.no-installer', /chưa có bộ cài/));
});
