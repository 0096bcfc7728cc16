import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingTools } from './preflight.ts';

test('a section whose tools are missing is named in one line with the packages to install', () => {
  const line = missingTools(['reception', 'scanning', 'signing'], () => false);
  assert.ok(line);
  assert.equal(line.split('\n').length, 1);
  assert.match(line, /^npm run bench needs: apt-get install img2pdf time openssl \(missing: img2pdf/);
  assert.equal(
    missingTools(['scanning', 'signing'], () => true),
    null,
  );
  assert.equal(
    missingTools(['reception', 'protection', 'sync'], () => false),
    null,
    'those sections need only the desk and Chromium',
  );
});
