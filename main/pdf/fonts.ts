// The one place that knows where the form fonts live: a bundled build (Electron's asar,
// esbuild) redirects loadFormFonts() without touching the layout code.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { padGlyphsForSubsetting } from './pad-glyphs.ts';

/** Tinos is metric-compatible with Times New Roman, the typeface of Vietnamese official forms. */
export interface FormFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
}

const TINOS = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
} as const;

/** Reads the TTF files as shipped. */
export async function loadFormFonts(): Promise<FormFontFiles> {
  const require = createRequire(import.meta.url);
  const read = (specifier: string) => readFile(require.resolve(specifier));
  const [regular, bold, italic] = await Promise.all([read(TINOS.regular), read(TINOS.bold), read(TINOS.italic)]);
  return { regular, bold, italic };
}

let prepared: Promise<FormFontFiles> | undefined;

/** The fonts ready for subset embedding, read and fixed up once per process. */
export function formFontFiles(): Promise<FormFontFiles> {
  prepared ??= loadFormFonts().then(({ regular, bold, italic }) => ({
    regular: padGlyphsForSubsetting(regular),
    bold: padGlyphsForSubsetting(bold),
    italic: padGlyphsForSubsetting(italic),
  }));
  // A failed read must not poison every later render.
  prepared.catch(() => {
    prepared = undefined;
  });
  return prepared;
}
