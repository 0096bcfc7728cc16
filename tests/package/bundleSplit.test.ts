// Issue 17, first interactive screen: a desk being switched on loads only what the sign-in form
// needs. The renderer is built here (into memory, not the shared dist/) and the modules the entry
// reaches by static imports are listed: pdf.js, the reception, register, settings, scanning and
// signing screens, the guide and the first-run wizard with its bundled catalogue must all sit in
// chunks loaded later (renderer/app/lazyPages.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Chunk {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  moduleIds: string[];
}

async function chunks(): Promise<Chunk[]> {
  const result = await build({
    configFile: `${REPO}vite.config.ts`,
    root: `${REPO}renderer`,
    logLevel: 'error',
    build: { write: false, outDir: '/nonexistent-bundle-split' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Array<{ output: Array<Chunk | { type: 'asset' }> }>;
  return outputs.flatMap((o) => o.output).filter((c): c is Chunk => c.type === 'chunk');
}

test('the sign-in screen loads no pdf.js, no desk screen and no bundled catalogue; those load later', { timeout: 180_000 }, async () => {
  const all = await chunks();
  const byFile = new Map(all.map((c) => [c.fileName, c]));
  const entry = all.find((c) => c.isEntry);
  assert.ok(entry, 'an entry chunk');
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const next of byFile.get(file)?.imports ?? []) visit(next);
  };
  visit(entry.fileName);
  const startModules = [...atStart].flatMap((f) => byFile.get(f)?.moduleIds ?? []).map((id) => id.replaceAll('\\', '/'));
  const laterModules = all.filter((c) => !atStart.has(c.fileName)).flatMap((c) => c.moduleIds.map((id) => id.replaceAll('\\', '/')));

  assert.ok(
    startModules.some((id) => id.endsWith('renderer/features/officers/SignInPage.tsx')),
    'the sign-in page itself is there at start',
  );
  const deferred = [
    /node_modules\/pdfjs-dist\//,
    /renderer\/ui\/PdfViewer\.tsx$/,
    /renderer\/features\/reception\/ReceptionPage\.tsx$/,
    /renderer\/features\/dossiers\/DossierListPage\.tsx$/,
    /renderer\/features\/settings\/SettingsPage\.tsx$/,
    /renderer\/features\/settings\/SetupWizard\.tsx$/,
    /renderer\/features\/scanning\/ScanPanel\.tsx$/,
    /renderer\/features\/guide\/Guide\.tsx$/,
    /domain\/catalog\/default-catalog\.json/,
  ];
  for (const pattern of deferred) {
    assert.deepEqual(
      startModules.filter((id) => pattern.test(id)),
      [],
      `${pattern} is loaded at start`,
    );
    assert.ok(
      laterModules.some((id) => pattern.test(id)),
      `${pattern} is still built, in a later chunk`,
    );
  }
});
