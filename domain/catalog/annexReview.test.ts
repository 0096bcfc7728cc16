// The bundled catalogue reviewed against NQ 66.7/2025/NQ-CP (in force 1 January 2026): the
// components its Phụ lục I replaces by data, per procedure, are look-ups in the database the annex
// names; every look-up says why, with the date it was checked; every procedure records the review.
// The findings, procedure by procedure, are in docs/domain/dossier-codes-and-catalogue.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Catalog } from '../model.ts';
import { parseCatalog } from './validate.ts';

const bundled: Catalog = parseCatalog(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8'));

/** [procedure, component, database] as Phụ lục I lists them (row numbers in each component's basis). */
const ANNEX_I: Array<[string, string, string]> = [
  ['1.001193', 'giay-to-tuy-than', 'population'],
  ['1.000894', 'giay-to-tuy-than', 'population'],
  ['1.000656', 'giay-to-tuy-than', 'population'],
  ['1.004873', 'giay-to-tuy-than', 'population'],
  ['1.001022', 'giay-to-tuy-than', 'population'],
  ['1.000689', 'giay-to-tuy-than', 'population'],
  ['1.004859', 'giay-to-tuy-than', 'population'],
  ['2.000635', 'giay-to-tuy-than', 'population'],
  ['1.004884', 'giay-to-tuy-than', 'population'],
  ['1.003583', 'giay-to-tuy-than', 'population'],
  ['1.000593', 'giay-to-tuy-than', 'population'],
  ['1.004837', 'giay-to-tuy-than', 'population'],
  ['1.005461', 'giay-to-tuy-than', 'population'],
  ['1.005461', 'ban-sao-giay-chung-tu', 'civil-status'],
  ['1.004746', 'giay-to-tuy-than', 'population'],
  ['1.004772', 'giay-to-tuy-than', 'population'],
  ['2.002189', 'giay-to-tuy-than', 'population'],
  ['2.000908', 'quan-he-ho-tich', 'civil-status'],
  ['2.001035', 'gcn-dat', 'land'],
  ['2.001019', 'gcn-dat', 'land'],
  ['2.001016', 'gcn-dat', 'land'],
  ['2.001406', 'gcn-dat', 'land'],
  ['2.000913', 'gcn-dat', 'land'],
  ['1.012796', 'can-cuoc-sai-sot', 'population'],
  ['1.004222', 'cho-o-hop-phap', 'land'],
  ['1.004222', 'quan-he-nhan-than', 'civil-status'],
  ['1.004222', 'du-dien-tich', 'land'],
  ['1.004194', 'cho-o-hop-phap', 'land'],
  ['1.010038', 'ly-hon', 'civil-status'],
];

test('every component Phụ lục I of NQ 66.7/2025/NQ-CP replaces by data is looked up in the database it names, paper only if that fails', () => {
  for (const [code, id, database] of ANNEX_I) {
    const c = bundled.procedures.find((p) => p.code === code)?.components.find((k) => k.id === id);
    assert.ok(c, `${code} ${id}`);
    assert.equal(c.satisfiedBy, 'lookup', `${code} ${id}`);
    assert.deepEqual(
      c.lookup && { database: c.lookup.database, paperIfLookupFails: c.lookup.paperIfLookupFails },
      { database, paperIfLookupFails: true },
      `${code} ${id}`,
    );
    assert.match(c.basis?.text ?? '', /NQ 66\.7\/2025\/NQ-CP Phụ lục I mục [IVX]+ số \d+/, `${code} ${id} names its row of the annex`);
  }
});

test('every look-up in the bundled catalogue cites the resolution and says when its basis was checked', () => {
  const lookups = bundled.procedures.flatMap((p) => p.components.filter((c) => c.satisfiedBy === 'lookup').map((c) => ({ code: p.code, c })));
  assert.ok(lookups.length >= ANNEX_I.length);
  for (const { code, c } of lookups) {
    assert.match(c.basis?.text ?? '', /NQ 66\.7\/2025\/NQ-CP/, `${code} ${c.id}`);
    assert.equal(c.basis?.checked, '2026-12-07', `${code} ${c.id}`);
    assert.ok(
      bundled.databases?.some((d) => d.id === c.lookup?.database),
      `${code} ${c.id}`,
    );
  }
});

test('every bundled procedure records what NQ 66.7/2025/NQ-CP replaces in it, or that it replaces nothing', () => {
  const unreviewed = bundled.procedures.filter((p) => !p.source.note?.includes('Rà soát NQ 66.7/2025/NQ-CP')).map((p) => p.code);
  assert.deepEqual(unreviewed, []);
});

test('a replacement the texts read do not settle is marked unconfirmed, not guessed', () => {
  // Chứng thực chữ ký: Điều 3 khoản 2 and Điều 4 would let the identity paper be looked up, but the
  // signer signs before the certifier and shows the paper (NĐ 23/2015/NĐ-CP Điều 24).
  const signature = bundled.procedures.find((p) => p.code === '2.000884')!;
  assert.ok(signature.unconfirmed?.includes('components'));
  assert.equal(signature.components.find((c) => c.id === 'giay-to-tuy-than')?.basis?.unconfirmed, true);
  // The divorce judgement of 1.004873: the national record looks it up, the annex does not list it.
  const marital = bundled.procedures.find((p) => p.code === '1.004873')!;
  const judgement = marital.components.find((c) => c.id === 'ban-an-ly-hon')!;
  assert.equal(judgement.satisfiedBy, undefined);
  assert.equal(judgement.basis?.unconfirmed, true);
});
