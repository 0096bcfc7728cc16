import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeScorecard } from '#domain/scorecard/scorecard.ts';
import { DOSSIERS, ELECTRONIC_RESULTS, MONTH, NOW, REUSED, SCANNED } from '#domain/scorecard/scorecard.fixture.ts';
import { FIGURES } from '#domain/scorecard/figures.ts';
import { scorecardCsv } from './scorecardCsv.ts';

const card = computeScorecard({
  month: MONTH,
  now: NOW,
  dossiers: DOSSIERS,
  scannedSpecs: SCANNED,
  electronicResults: ELECTRONIC_RESULTS,
  reusedComponents: REUSED,
  certifiedCopies: null,
});

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parse(csv: string): string[][] {
  return csv
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => [...l.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"')));
}

test('Excel reads Vietnamese from it: UTF-8 with a byte-order mark, CRLF lines', () => {
  const csv = scorecardCsv(card, 'UBND phường "Ba Đình"');
  assert.ok(csv.startsWith('\uFEFF'));
  assert.ok(!/[^\r]\n/.test(csv), 'every line ends in CRLF');
  assert.match(csv, /UBND phường ""Ba Đình""/);
});

test('one row per procedure and the total, the figures as computed; the definitions follow in both languages', () => {
  const rows = parse(scorecardCsv(card, 'UBND xã').slice(1));
  const header = rows[1]!;
  assert.equal(header.length, 2 + FIGURES.length);
  assert.equal(header[2], 'Hồ sơ tiếp nhận / Dossiers received');
  const birth = rows.find((r) => r[0] === '1.001193')!;
  assert.equal(birth[2], '22');
  const total = rows.find((r) => r[1] === 'Tổng cộng / Total')!;
  assert.deepEqual(total.slice(2, 4), ['39', '21']);
  assert.equal(total[2 + FIGURES.indexOf('certifiedCopies')], 'chưa ghi nhận trên máy này / not recorded on this desk');
  const defs = rows.slice(rows.findIndex((r) => r[0] === 'Chỉ tiêu / Figure') + 1);
  assert.equal(defs.length, FIGURES.length);
  assert.match(defs[1]![3]!, /Tiến độ, kết quả giải quyết/);
});
