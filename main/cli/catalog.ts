// `desk catalog check FILE`: lets an administrator test a replacement catalogue before
// copying it to the desks. Exit 0 valid, 1 invalid, 2 unusable invocation or unreadable file.

import { readFile } from 'node:fs/promises';
import { isDeskError } from '../../domain/errors.ts';
import { parseCatalog } from '../../domain/catalog/validate.ts';
import type { CliCommand } from './io.ts';

const USAGE = 'Cách dùng / Usage: desk catalog check FILE';

export const run: CliCommand = async (args, io) => {
  const [sub, file, ...rest] = args;
  if (sub !== 'check' || file === undefined || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tìm thấy tệp / file not found' : String(e);
    io.err(`Không đọc được tệp / Cannot read file: ${file} (${reason})`);
    return 2;
  }

  try {
    const catalog = parseCatalog(text);
    io.out(`OK: ${catalog.procedures.length} thủ tục / procedures, version ${catalog.version}`);
    return 0;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(e.text.vi);
    io.err(e.text.en);
    return 1;
  }
};
