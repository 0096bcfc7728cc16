// Prints CI's closing line, "N passed, N failed[, N skipped]", from node's test events.
// Suites are not counted; only the tests inside them.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') {
      // A suite that failed outside its tests (a hook, an import error) is a failure of its own.
      if (event.type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed') failed++;
      continue;
    }
    if (data.skip || data.todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  if (passed + failed === 0) failed = 1;
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
