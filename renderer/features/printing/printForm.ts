// Asks main to print a form it has just rendered (forms.render keeps it by its SHA-256, which the
// stored file carries). Main decides the printer; the renderer only learns what happened.
import { isDeskError } from '#domain/errors.ts';
import { desk } from '#renderer/app/host.ts';
import type { PrintOutcome } from '#preload/wire/printing.ts';
import { toBilingual } from '#renderer/ui/Message.tsx';

export type { PrintOutcome };

/** Never throws: the dossier and its form are stored already, and printing can be tried again. */
export async function printForm(sha256: string): Promise<PrintOutcome> {
  try {
    return await desk['print.form']({ sha256 });
  } catch (e) {
    return { failed: { code: isDeskError(e) ? e.code : 'internal', text: toBilingual(e) } };
  }
}

/** Whether the renderer prints this time, through the print dialog. */
export function printsInDialog(outcome: PrintOutcome): boolean {
  return 'dialog' in outcome;
}
