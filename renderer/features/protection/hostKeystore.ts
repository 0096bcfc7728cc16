// The OS keystore through main (Electron's safeStorage); browser mode answers "none".
import { desk } from '#renderer/app/host.ts';
import type { Keystore } from '#renderer/db/protection/keyring.ts';

export const hostKeystore: Keystore = {
  available: async () => (await desk['keystore.status']({})).available,
  protect: (data) => desk['keystore.protect']({ data }),
  unprotect: (data) => desk['keystore.unprotect']({ data }),
};
