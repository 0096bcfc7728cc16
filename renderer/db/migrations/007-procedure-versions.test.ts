import { freshName, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('v7 stores procedure versions keyed by code and first day, and copies the v6 catalogue into it untouched', async () => {
  const name = freshName('v7');
  const v6 = await openAtVersion(name, 6);
  const birth = {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingHours: 0,
    cutoff: '15:00',
    fees: [],
    components: [],
  };
  const dated = { ...birth, code: '1.004873', name: 'Cấp bản sao trích lục hộ tịch', effectiveFrom: '2026-01-01' };
  await v6.table('procedures').bulkAdd([birth, dated]);
  v6.close();

  const v7 = await openAtVersion(name, 7);
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 70);
  assert.equal(stores['procedureVersions']?.keyPath, 'key');
  assert.deepEqual(Object.keys(stores['procedureVersions'].indexes), ['code']);
  assert.deepEqual(await v7.table('procedureVersions').get('1.001193@'), { ...birth, key: '1.001193@' });
  assert.deepEqual(await v7.table('procedureVersions').get('1.004873@2026-01-01'), { ...dated, key: '1.004873@2026-01-01' });
  assert.equal(await v7.table('procedures').count(), 2, 'the v6 table stays for code look-ups');
  v7.close();
});
