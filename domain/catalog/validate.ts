// A catalogue is accepted whole or not at all: a desk that silently dropped one bad
// procedure would print receipts with the wrong components and nobody would notice.

import type { z } from 'zod';
import { DeskError, type Bilingual } from '../errors.ts';
import type { Catalog } from '../model.ts';
import { showInvisible } from '../text/citizenText.ts';
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

/** Quoted file content can hold anything: each line shows invisible characters as U+XXXX. */
function refuse(problems: Bilingual[]): never {
  const list = (lang: keyof Bilingual) => problems.map((p) => `- ${showInvisible(p[lang])}`).join('\n');
  throw new DeskError('catalog.invalid', {
    vi: `Danh mục thủ tục không hợp lệ, không nạp phần nào:\n${list('vi')}`,
    en: `The procedure catalogue is invalid; nothing was loaded:\n${list('en')}`,
  });
}

/** One problem line per issue; issues that carry both languages (the text checks) keep them apart. */
function issueLine(issue: z.core.$ZodIssue): Bilingual {
  const where = formatPath(issue.path);
  const text = issue.code === 'custom' ? (issue.params?.text as Bilingual | undefined) : undefined;
  return text ? { vi: `${where}: ${text.vi}`, en: `${where}: ${text.en}` } : { vi: `${where}: ${issue.message}`, en: `${where}: ${issue.message}` };
}

/** Parses and checks a catalogue file; throws DeskError listing every problem with its path. */
export function parseCatalog(jsonText: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (e) {
    const line = `(file): invalid JSON: ${(e as Error).message}`;
    refuse([{ vi: line, en: line }]);
  }
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    refuse(result.error.issues.map(issueLine));
  }
  return result.data;
}
