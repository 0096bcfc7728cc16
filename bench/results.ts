import { readFile, rename, writeFile } from 'node:fs/promises';

/** Writes one capability's figures into results.json, keeping every other section as it is. */
export async function mergeSection(file: string, name: string, value: unknown): Promise<void> {
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    existing = {};
  }
  await writeFile(`${file}.tmp`, `${JSON.stringify({ ...existing, [name]: value }, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
