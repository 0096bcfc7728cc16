// What SoftHSM cannot show (it never reaches FINAL_TRY or LOCKED) is checked here from
// the flags and CKR names real tokens report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromWire, TokenError } from './errors.ts';
import { pinStatus, TOKEN_FLAGS } from './pinStatus.ts';
import type { RawToken } from './protocol.ts';
import { selectToken } from './tokenSelection.ts';

const READY = TOKEN_FLAGS.loginRequired | TOKEN_FLAGS.userPinInitialized;

function token(overrides: Partial<RawToken> = {}): RawToken {
  return {
    slot: '00',
    slotDescription: 'FT ePass2003Auto 0',
    label: 'VNPT-CA',
    manufacturer: 'EnterSafe',
    model: 'PKCS#15',
    serial: '2555290520180607',
    flags: READY,
    minPinLength: 4,
    maxPinLength: 16,
    ...overrides,
  };
}

describe('pinStatus', () => {
  it('reads each PKCS#11 PIN flag into what the officer is told before typing', () => {
    assert.equal(pinStatus(READY).state, 'ok');
    assert.equal(pinStatus(READY).notice, null);
    assert.equal(pinStatus(READY | TOKEN_FLAGS.userPinCountLow).state, 'count-low');
    assert.equal(pinStatus(READY | TOKEN_FLAGS.userPinFinalTry).state, 'final-try');
    assert.match(pinStatus(READY | TOKEN_FLAGS.userPinFinalTry).notice!.vi, /MỘT lần/);
    assert.equal(pinStatus(READY | TOKEN_FLAGS.userPinLocked).state, 'locked');
    assert.equal(pinStatus(READY | TOKEN_FLAGS.userPinToBeChanged).state, 'to-be-changed');
    assert.equal(pinStatus(TOKEN_FLAGS.loginRequired).state, 'not-initialized');
  });

  it('reports the most serious state when several flags are set', () => {
    const all = READY | TOKEN_FLAGS.userPinCountLow | TOKEN_FLAGS.userPinFinalTry | TOKEN_FLAGS.userPinLocked;
    assert.equal(pinStatus(all).state, 'locked');
    assert.equal(pinStatus(READY | TOKEN_FLAGS.userPinCountLow | TOKEN_FLAGS.userPinFinalTry).state, 'final-try');
    const both = pinStatus(READY | TOKEN_FLAGS.userPinCountLow | TOKEN_FLAGS.userPinToBeChanged);
    assert.equal(both.state, 'count-low');
    assert.equal(both.toBeChanged, true);
  });
});

describe('fromWire', () => {
  it('a wrong PIN on the last try warns that the next one locks the token', () => {
    const e = fromWire({ kind: 'pkcs11', ckr: 'CKR_PIN_INCORRECT', method: 'C_Login', token: token({ flags: READY | TOKEN_FLAGS.userPinFinalTry }) }, '/m.so');
    assert.ok(e instanceof TokenError);
    assert.equal(e.code, 'pkcs11.pin-incorrect');
    assert.match(e.text.vi, /^Sai mã PIN\. Chỉ còn MỘT lần thử/);
    assert.match(e.text.en, /^Wrong PIN\. Only ONE attempt/);
    assert.equal(e.pin?.state, 'final-try');
  });

  it('a wrong PIN that locked the token says so', () => {
    const e = fromWire({ kind: 'pkcs11', ckr: 'CKR_PIN_INCORRECT', method: 'C_Login', token: token({ flags: READY | TOKEN_FLAGS.userPinLocked }) }, '/m.so');
    assert.match(e.text.vi, /đã bị khoá/);
  });

  it('a wrong PIN without fresh flags keeps the general warning', () => {
    const e = fromWire({ kind: 'pkcs11', ckr: 'CKR_PIN_INCORRECT', method: 'C_Login' }, '/m.so');
    assert.equal(e.text.vi, 'Sai mã PIN. Token có thể bị khoá sau vài lần nhập sai nữa.');
  });

  it('maps the token and PIN failures an officer meets', () => {
    const cases: [string, string][] = [
      ['CKR_PIN_LOCKED', 'pkcs11.pin-locked'],
      ['CKR_PIN_LEN_RANGE', 'pkcs11.pin-length'],
      ['CKR_PIN_EXPIRED', 'pkcs11.pin-expired'],
      ['CKR_TOKEN_NOT_PRESENT', 'pkcs11.token-removed'],
      ['CKR_DEVICE_REMOVED', 'pkcs11.token-removed'],
      ['CKR_FUNCTION_CANCELED', 'pkcs11.cancelled'],
      ['CKR_USER_NOT_LOGGED_IN', 'pkcs11.session-lost'],
      ['CKR_DEVICE_ERROR', 'pkcs11.device-error'],
    ];
    for (const [ckr, code] of cases) {
      const e = fromWire({ kind: 'pkcs11', ckr, method: 'C_Login', token: token() }, '/m.so');
      assert.equal(e.code, code, ckr);
      assert.equal(e.ckr, ckr);
      assert.ok(e.text.vi && e.text.en);
    }
  });

  it('tells the PIN length the token accepts', () => {
    const e = fromWire({ kind: 'pkcs11', ckr: 'CKR_PIN_LEN_RANGE', method: 'C_Login', token: token() }, '/m.so');
    assert.match(e.text.vi, /4–16 ký tự/);
  });

  it('names an unknown CKR so the administrator can look it up', () => {
    const e = fromWire({ kind: 'pkcs11', ckr: 'CKR_VENDOR_DEFINED', method: 'C_Sign' }, '/m.so');
    assert.equal(e.code, 'pkcs11.failed');
    assert.match(e.text.en, /CKR_VENDOR_DEFINED \(C_Sign\)/);
  });
});

describe('selectToken', () => {
  const a = token({ serial: 'A1', slot: '01' });
  const b = token({ serial: 'B2', slot: '02' });
  const c = token({ serial: 'C3', slot: '03', label: 'Viettel-CA' });

  it('prefers the serial, because tokens of one CA share a label', () => {
    assert.equal(selectToken([a, b, c], 'B2').slot, '02');
    assert.equal(selectToken([a, b, c], 'Viettel-CA').slot, '03');
  });

  it('refuses a label two tokens share, and a token that is not there', () => {
    assert.throws(
      () => selectToken([a, b], 'VNPT-CA'),
      (e: TokenError) => e.code === 'pkcs11.token-ambiguous',
    );
    assert.throws(
      () => selectToken([a], 'BKAV-CA'),
      (e: TokenError) => e.code === 'pkcs11.token-not-found',
    );
  });
});
