// The OS keystore through main (Electron's safeStorage); browser mode answers "none".
import { desk } from '../../app/host.ts';
import type { Keystore } from '../../db/protection/keyring.ts';

export const hostKeystore: Keystore = {
  available: async () => (await desk['keystore.status']({})).available,
  protect: (data) => desk['keystore.protect']({ data }),
  unprotect: (data) => desk['keystore.unprotect']({ data }),
};
