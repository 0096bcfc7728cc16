// PKI.js needs a WebCrypto engine; under Node that is node:crypto's webcrypto.
// Importing this module once sets it for the process.
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

export const subtle = webcrypto.subtle as SubtleCrypto;

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

export { pkijs };
