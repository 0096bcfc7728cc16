// `desk catalog check FILE`: lets an administrator test a replacement catalogue before
// copying it to the desks. Exit 0 valid, 1 invalid, 2 unusable invocation or unreadable file.

import { isDeskError } from '#domain/errors.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { readUserFile, type CliCommand } from './io.ts';

/** ~2,000 national procedures at the bundled file's ~2 KB each is ~4 MB: eight times that is room enough. */
export const MAX_CATALOG_BYTES = 32 * 1024 * 1024;

const USAGE = 'Cách dùng / Usage: desk catalog check FILE';

export const run: CliCommand = async (args, io) => {
  const [sub, file, ...rest] = args;
  if (sub !== 'check' || file === undefined || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }

  let bytes: Uint8Array;
  try {
    bytes = await readUserFile(file, { maxBytes: MAX_CATALOG_BYTES });
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(e.text.vi);
    io.err(e.text.en);
    return 2;
  }

  try {
    const catalog = parseCatalog(decodeUserText(bytes, file));
    io.out(`OK: ${catalog.procedures.length} thủ tục / procedures, version ${catalog.version}`);
    return 0;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(e.text.vi);
    io.err(e.text.en);
    return 1;
  }
};
