// What the desk chooses for signing: which of main's PKCS#11 modules to use (by id, among
// sign.modules), the CA certificates it trusts, the office seal, and the training token. Main owns
// the module files and the timestamp server (admin.*); desks set up before that kept module paths
// and a TSA address here, which stay visible as "not yet approved" until proposed or dropped.
import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';

export interface TrustAnchor {
  /** The file name the administrator imported, to recognise it in the list. */
  name: string;
  /** The file as imported, PEM or DER: main reads it. */
  file: Uint8Array;
}

export interface SigningConfig {
  /** Modules chosen among those main lists (sign.modules). */
  moduleIds: string[];
  trustAnchors: TrustAnchor[];
  /** The emulated token (PIN 123456): on for demo offices, for training. */
  emulator: boolean;
  /** The office's red seal, transparent PNG, drawn on visible signatures (NĐ 30/2020). */
  sealImage?: Uint8Array;
  /** Kept from before main owned them, not yet in main: module paths and a TSA address. */
  legacy: { modules: string[]; tsaUrl: string | null };
}

/** As stored: the legacy fields keep the names older desks wrote. */
interface StoredSigning {
  moduleIds?: string[];
  trustAnchors?: TrustAnchor[];
  emulator?: boolean;
  sealImage?: Uint8Array;
  pkcs11Modules?: string[];
  tsaUrl?: string | null;
}

const KEY = 'signing';

export const DEFAULT_SIGNING: SigningConfig = { moduleIds: [], trustAnchors: [], emulator: false, legacy: { modules: [], tsaUrl: null } };

export async function loadSigningConfig(db: DeskDb): Promise<SigningConfig> {
  const stored = ((await db.settings.get(KEY))?.value as StoredSigning | undefined) ?? {};
  return {
    moduleIds: stored.moduleIds ?? [],
    trustAnchors: stored.trustAnchors ?? [],
    emulator: stored.emulator ?? false,
    ...(stored.sealImage ? { sealImage: stored.sealImage } : {}),
    legacy: { modules: stored.pkcs11Modules ?? [], tsaUrl: stored.tsaUrl ?? null },
  };
}

function toStored(config: SigningConfig): StoredSigning {
  return {
    moduleIds: config.moduleIds,
    trustAnchors: config.trustAnchors,
    emulator: config.emulator,
    ...(config.sealImage ? { sealImage: config.sealImage } : {}),
    pkcs11Modules: config.legacy.modules,
    tsaUrl: config.legacy.tsaUrl,
  };
}

/** The choice as main takes it: only ids main lists now (a module the administrator removed drops out). */
async function sendToMain(config: SigningConfig): Promise<void> {
  const listed = new Set((await desk['sign.modules']({})).map((m) => m.id));
  await desk['sign.configure']({
    moduleIds: config.moduleIds.filter((id) => listed.has(id)),
    emulator: config.emulator,
    trustAnchors: config.trustAnchors.map((a) => a.file),
  });
}

/**
 * Tells main the desk's choice; called once the desk is open. A module path kept from before
 * that main now lists (a bundled module installed here, or one the administrator approved)
 * becomes a choice by id and leaves the "not yet approved" list.
 */
export async function applySigningConfig(db: DeskDb): Promise<void> {
  const config = await loadSigningConfig(db);
  const listed = await desk['sign.modules']({});
  const found = config.legacy.modules.map((path) => listed.find((m) => m.path === path)).filter((m) => m !== undefined);
  if (found.length > 0) {
    const next: SigningConfig = {
      ...config,
      moduleIds: [...new Set([...config.moduleIds, ...found.map((m) => m.id)])],
      legacy: { ...config.legacy, modules: config.legacy.modules.filter((p) => !found.some((m) => m.path === p)) },
    };
    await db.settings.put({ key: KEY, value: toStored(next) });
    return sendToMain(next);
  }
  return sendToMain(config);
}

/** Main checks the choice first (an unknown module or a bad certificate is refused), then the desk keeps it. */
export async function saveSigningConfig(db: DeskDb, config: SigningConfig, officerId: string): Promise<void> {
  await sendToMain(config);
  await db.transaction('rw', db.settings, db.audit, async () => {
    // The kept legacy values are not the form's to change: take them as stored now.
    const { legacy } = await loadSigningConfig(db);
    await db.settings.put({ key: KEY, value: toStored({ ...config, legacy }) });
    await audit(db, { officerId, action: 'settings', detail: `signing ${config.moduleIds.length} modules, ${config.trustAnchors.length} anchors` });
  });
}

/** Drops a kept module path or TSA address: main has it now, or the administrator does not want it. */
export async function forgetLegacySigning(db: DeskDb, drop: { module: string } | { tsaUrl: true }): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const config = await loadSigningConfig(db);
    const legacy =
      'module' in drop ? { ...config.legacy, modules: config.legacy.modules.filter((p) => p !== drop.module) } : { ...config.legacy, tsaUrl: null };
    await db.settings.put({ key: KEY, value: toStored({ ...config, legacy }) });
  });
}
