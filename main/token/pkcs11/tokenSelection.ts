// Officers' tokens from one CA often share a label ("VNPT-CA"), so the serial wins and
// a label only selects when it is unique.
import { pkcs11Errors } from './errors.ts';
import type { RawToken } from './protocol.ts';

export function selectToken(tokens: readonly RawToken[], serialOrLabel: string): RawToken {
  const wanted = serialOrLabel.trim();
  const bySerial = tokens.find((t) => t.serial !== '' && t.serial === wanted);
  if (bySerial) return bySerial;
  const byLabel = tokens.filter((t) => t.label === wanted);
  if (byLabel.length === 1) return byLabel[0]!;
  if (byLabel.length > 1) throw pkcs11Errors.tokenAmbiguous(wanted);
  throw pkcs11Errors.tokenNotFound(wanted);
}
