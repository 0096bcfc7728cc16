// The administrator's signing setup: PKCS#11 modules, timestamp authority, trusted CA
// certificates, and the emulated token for training. Kept in the desk's settings and handed
// to main at start-up and on every change (main keeps no settings).
import type { DeskDb } from '../../db/schema.ts';
import { audit } from '../../db/audit.ts';
import { desk } from '../../app/host.ts';

export interface TrustAnchor {
  /** The file name the administrator imported, to recognise it in the list. */
  name: string;
  /** The file as imported, PEM or DER: main reads it. */
  file: Uint8Array;
}

export interface SigningConfig {
  pkcs11Modules: string[];
  tsaUrl: string | null;
  trustAnchors: TrustAnchor[];
  /** The emulated token (PIN 123456): on for demo offices, for training. */
  emulator: boolean;
  /** The office's red seal, transparent PNG, drawn on visible signatures (NĐ 30/2020). */
  sealImage?: Uint8Array;
}

const KEY = 'signing';

export const DEFAULT_SIGNING: SigningConfig = { pkcs11Modules: [], tsaUrl: null, trustAnchors: [], emulator: false };

export async function loadSigningConfig(db: DeskDb): Promise<SigningConfig> {
  return { ...DEFAULT_SIGNING, ...((await db.settings.get(KEY))?.value as Partial<SigningConfig> | undefined) };
}

function toMain(config: SigningConfig) {
  return { pkcs11Modules: config.pkcs11Modules, emulator: config.emulator, tsaUrl: config.tsaUrl, trustAnchors: config.trustAnchors.map((a) => a.file) };
}

/** Tells main the stored configuration; called once the desk is open. */
export async function applySigningConfig(db: DeskDb): Promise<void> {
  await desk['sign.configure'](toMain(await loadSigningConfig(db)));
}

/** Main validates first (a bad path or URL is refused with its reason), then the desk keeps it. */
export async function saveSigningConfig(db: DeskDb, config: SigningConfig, officerId: string): Promise<void> {
  await desk['sign.configure'](toMain(config));
  await db.transaction('rw', db.settings, db.audit, async () => {
    await db.settings.put({ key: KEY, value: config });
    await audit(db, { officerId, action: 'settings', detail: `signing ${config.pkcs11Modules.length} modules, ${config.trustAnchors.length} anchors, tsa ${config.tsaUrl ? 'on' : 'off'}` });
  });
}
