import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, decodeResponse, encodeCommand, encodeResponse, retriesLeft, transmit, type CommandApdu } from './apdu.ts';
import type { ApduTransport } from './framing.ts';
import { decodeTlvs, encodeTlv, findTlv } from './tlv.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));

test('the four ISO 7816-4 cases encode in short and extended form and decode back', () => {
  const data = bytes('a0000003 08');
  const cases: [CommandApdu, string][] = [
    [{ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }, '00200080'],
    [{ cla: 0, ins: 0xc0, p1: 0, p2: 0, le: 256 }, '00c0000000'],
    [{ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data }, '0020008005a000000308'],
    [{ cla: 0, ins: 0xa4, p1: 4, p2: 0, data, le: 256 }, '00a4040005a00000030800'],
  ];
  for (const [command, expected] of cases) {
    assert.equal(hex(encodeCommand(command)), expected);
    assert.deepEqual(decodeCommand(bytes(expected)), { ...command, extended: false });
  }
  const extended: [CommandApdu, string][] = [
    [{ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, le: 65536 }, '00cb3fff000000'],
    [{ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data }, '002000800000 05a000000308'],
    [{ cla: 0, ins: 0x87, p1: 7, p2: 0x9c, data, le: 1000 }, '008707 9c000005a000000308 03e8'],
  ];
  for (const [command, expected] of extended) {
    assert.equal(hex(encodeCommand(command, true)), expected.replace(/\s/g, ''));
    assert.deepEqual(decodeCommand(bytes(expected)), { ...command, extended: true });
  }
  // Long data picks extended length on its own.
  const long = encodeCommand({ cla: 0, ins: 0x87, p1: 7, p2: 0x9c, data: new Uint8Array(300) });
  assert.equal(hex(long.subarray(4, 7)), '00012c');
  assert.throws(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) }, false), RangeError);
  assert.throws(() => decodeCommand(bytes('0020008005a0')), RangeError);
});

test('responses split into data and status word; 63Cx carries the tries left', () => {
  assert.deepEqual(decodeResponse(bytes('01029000')), { data: bytes('0102'), sw: 0x9000 });
  assert.equal(hex(encodeResponse(bytes('ab'), 0x6a82)), 'ab6a82');
  assert.equal(retriesLeft(0x63c2), 2);
  assert.equal(retriesLeft(0x6983), null);
  assert.throws(() => decodeResponse(bytes('90')), RangeError);
});

/** A card that hands out a long answer in 100-byte pieces and records what it was sent. */
function chattyCard(answer: Uint8Array) {
  const sent: Uint8Array[] = [];
  let offset = 0;
  const card: ApduTransport = {
    async transmit(apdu) {
      sent.push(apdu);
      const c = decodeCommand(apdu);
      if (c.cla & 0x10) return encodeResponse(new Uint8Array(0), 0x9000);
      if (c.ins !== 0xc0) offset = 0;
      const part = answer.subarray(offset, offset + 100);
      offset += part.length;
      const rest = answer.length - offset;
      return encodeResponse(part, rest > 0 ? 0x6100 | Math.min(rest, 255) : 0x9000);
    },
  };
  return { card, sent };
}

test('GET RESPONSE collects a long answer after 61xx', async () => {
  const answer = new Uint8Array(Array.from({ length: 345 }, (_, i) => i & 0xff));
  const { card, sent } = chattyCard(answer);
  const response = await transmit(card, { cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: bytes('5c035fc10a'), le: 256 });
  assert.equal(response.sw, 0x9000);
  assert.deepEqual(response.data, answer);
  assert.deepEqual(
    sent.slice(1).map((a) => hex(a.subarray(0, 4))),
    ['00c00000', '00c00000', '00c00000'],
  );
});

test('long command data goes out as a chain of short APDUs with the chaining bit', async () => {
  const { card, sent } = chattyCard(bytes('aa'));
  const data = new Uint8Array(600).map((_, i) => i & 0xff);
  await transmit(card, { cla: 0, ins: 0x87, p1: 7, p2: 0x9c, data, le: 256 });
  assert.deepEqual(
    sent.map((a) => [a[0], a[4]]),
    [
      [0x10, 255],
      [0x10, 255],
      [0x00, 90],
    ],
  );
  assert.equal(sent[0]!.length, 5 + 255, 'no Le on chained parts');
  assert.equal(sent[2]!.length, 5 + 90 + 1, 'Le on the last part');
  const reassembled = sent.flatMap((a) => [...a.subarray(5, 5 + a[4]!)]);
  assert.deepEqual(new Uint8Array(reassembled), data);
});

test('with extended length the same command goes out whole', async () => {
  const { card, sent } = chattyCard(bytes('aa'));
  await transmit(card, { cla: 0, ins: 0x87, p1: 7, p2: 0x9c, data: new Uint8Array(600), le: 256 }, { extended: true });
  assert.equal(sent.length, 1);
  assert.equal(decodeCommand(sent[0]!).data!.length, 600);
});

test('6Cxx makes the command go again with the length the card asked for', async () => {
  const sent: Uint8Array[] = [];
  const card: ApduTransport = {
    async transmit(apdu) {
      sent.push(apdu);
      return decodeCommand(apdu).le === 4 ? encodeResponse(bytes('01020304'), 0x9000) : encodeResponse(new Uint8Array(0), 0x6c04);
    },
  };
  assert.deepEqual((await transmit(card, { cla: 0, ins: 0xca, p1: 0, p2: 0x7f, le: 256 })).data, bytes('01020304'));
  assert.equal(sent.length, 2);
});

test('BER-TLV handles PIV’s three-byte tags and long lengths', () => {
  const cert = new Uint8Array(1000).fill(7);
  const object = encodeTlv(0x53, new Uint8Array([...encodeTlv(0x70, cert), ...encodeTlv(0x71, bytes('00'))]));
  assert.equal(hex(object.subarray(0, 4)), '538203ef', '53 with a two-byte length: 4 + 1000 + 3 bytes');
  const inner = findTlv(object, 0x53)!;
  assert.deepEqual(findTlv(inner, 0x70), cert);
  assert.equal(hex(encodeTlv(0x5fc10a, bytes('ff')).subarray(0, 4)), '5fc10a01');
  assert.deepEqual(decodeTlvs(bytes('5fc10a0101 7c00')), [
    { tag: 0x5fc10a, value: bytes('01') },
    { tag: 0x7c, value: new Uint8Array(0) },
  ]);
  assert.throws(() => decodeTlvs(bytes('7005 0102')), RangeError);
});
