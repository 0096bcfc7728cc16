import { freshName } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { openDeskDb } from '../schema.ts';
import { MIGRATIONS } from './index.ts';

const here = new URL('.', import.meta.url);
const VERSION_FILE = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/;

test('the chain is complete: every version file listed once, in order, from 1 with no gap, each numbered as its name says', async () => {
  const files = readdirSync(here)
    .filter((f) => /^\d/.test(f) && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) assert.match(file, VERSION_FILE, `${file}: NNN-what-it-did.ts`);
  const onDisk = await Promise.all(files.map((f) => import(new URL(f, here).href)));
  assert.equal(MIGRATIONS.length, files.length, 'index.ts lists every version file');
  files.forEach((file, i) => {
    assert.equal(MIGRATIONS[i], onDisk[i], `index.ts lists ${file} in its place`);
    assert.equal(MIGRATIONS[i]!.version, i + 1, `versions go 1, 2, 3… (${file})`);
    assert.equal(MIGRATIONS[i]!.version, Number(VERSION_FILE.exec(file)![1]), `${file} declares the version its name says`);
  });
  for (const file of files) assert.ok(readdirSync(here).includes(file.replace(/\.ts$/, '.test.ts')), `${file} has its test`);
});

test('the app opens the database at the latest version of the chain', async () => {
  const db = openDeskDb(freshName('chain'));
  await db.open();
  assert.equal(db.verno, MIGRATIONS.at(-1)!.version);
  db.close();
});
