// A catalogue is accepted whole or not at all: a desk that silently dropped one bad
// procedure would print receipts with the wrong components and nobody would notice.

import { DeskError } from '../errors.ts';
import type { Catalog } from '../model.ts';
import { catalogSchema } from './schema.ts';

/** "procedures[3].components[0].count" from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(file)' : out;
}

function refuse(problems: string[]): never {
  const list = problems.map((p) => `- ${p}`).join('\n');
  throw new DeskError('catalog.invalid', {
    vi: `Danh mục thủ tục không hợp lệ, không nạp phần nào:\n${list}`,
    en: `The procedure catalogue is invalid; nothing was loaded:\n${list}`,
  });
}

/** Parses and checks a catalogue file; throws DeskError listing every problem with its path. */
export function parseCatalog(jsonText: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (e) {
    refuse([`(file): invalid JSON: ${(e as Error).message}`]);
  }
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    refuse(result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  return result.data;
}
