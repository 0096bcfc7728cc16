// The child process that owns one PKCS#11 module. Every pkcs11js call is synchronous and
// may block for good (a module that deadlocks, a token that never answers), so none runs
// in the desk's process: here a hang or a crash ends only this process, which the desk
// kills and replaces (README.md, "A process per module"). Requests arrive one at a time
// (the host queues them); sessions stay here, the desk only holds signer numbers.
import pkcs11js from 'pkcs11js';
import { DeskError } from '#domain/errors.ts';
import { pkcs11Errors } from './errors.ts';
import type { FromChild, KeyType, Ops, RawCertificate, RawToken, Reply, Request, ToChild, WireError } from './protocol.ts';
import { selectToken } from './tokenSelection.ts';

type Handle = Buffer;
type Template = pkcs11js.Template;

interface OpenSigner {
  slot: Handle;
  session: Handle;
  key: Handle;
  alwaysAuthenticate: boolean;
}

class LoadFailure extends Error {}

/** Carries the slot so a PIN failure can report the token's new flags. */
class SlotFailure extends Error {
  constructor(
    readonly slot: Handle,
    readonly original: unknown,
  ) {
    super('slot operation failed');
  }
}

/** Electron's utility process talks through process.parentPort, a node:child_process child through process.send. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

interface Parent {
  onMessage(listener: (message: ToChild) => void): void;
  post(message: FromChild): void;
}

function connectToParent(): Parent {
  const port = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (port) return { onMessage: (listener) => port.on('message', (event) => listener(event.data as ToChild)), post: (message) => port.postMessage(message) };
  const send = process.send?.bind(process);
  if (!send) throw new Error('pkcs11Worker runs only as a child process of the desk');
  // The desk is gone: nobody is left to answer, and a module must not outlive it.
  process.on('disconnect', () => process.exit(0));
  return { onMessage: (listener) => process.on('message', (message) => listener(message as ToChild)), post: (message) => void send(message) };
}

const parent = connectToParent();
let modulePath: string | null = null;
let lib: pkcs11js.PKCS11 | null = null;
const signers = new Map<number, OpenSigner>();
let nextSigner = 1;

function module(): pkcs11js.PKCS11 {
  if (lib) return lib;
  if (modulePath === null) throw new Error('no module was named before the first request');
  const candidate = new pkcs11js.PKCS11();
  try {
    candidate.load(modulePath);
  } catch (e) {
    throw new LoadFailure(e instanceof Error ? e.message : String(e));
  }
  try {
    candidate.C_Initialize();
  } catch (e) {
    candidate.close();
    throw e;
  }
  lib = candidate;
  parent.post({ loaded: true });
  return lib;
}

function ckrName(e: unknown): string | undefined {
  return e instanceof Error && e.name === 'Pkcs11Error' && /^CKR_/.test(e.message) ? e.message : undefined;
}

const text = (s: string) => s.replace(/\0/g, '').trimEnd();

function readToken(p: pkcs11js.PKCS11, slot: Handle): RawToken {
  const info = p.C_GetTokenInfo(slot);
  const slotInfo = p.C_GetSlotInfo(slot);
  return {
    slot: slot.toString('hex'),
    slotDescription: text(slotInfo.slotDescription),
    label: text(info.label),
    manufacturer: text(info.manufacturerID),
    model: text(info.model),
    serial: text(info.serialNumber),
    flags: info.flags,
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
  };
}

function tokens(p: pkcs11js.PKCS11): RawToken[] {
  const found: RawToken[] = [];
  for (const slot of p.C_GetSlotList(true)) {
    try {
      found.push(readToken(p, slot));
    } catch {
      // Pulled out between the slot list and its info: it is simply not there any more.
    }
  }
  return found;
}

function slotOf(p: pkcs11js.PKCS11, token: string): Handle {
  return Buffer.from(selectToken(tokens(p), token).slot, 'hex');
}

function find(p: pkcs11js.PKCS11, session: Handle, template: Template): Handle[] {
  p.C_FindObjectsInit(session, template);
  try {
    const found: Handle[] = [];
    for (let batch = p.C_FindObjects(session, 64); batch.length > 0; batch = p.C_FindObjects(session, 64)) found.push(...batch);
    return found;
  } finally {
    p.C_FindObjectsFinal(session);
  }
}

function attribute(p: pkcs11js.PKCS11, session: Handle, object: Handle, type: number): Buffer | undefined {
  try {
    const value = p.C_GetAttributeValue(session, object, [{ type }])[0]?.value;
    return Buffer.isBuffer(value) ? value : undefined;
  } catch {
    // Older modules reject attributes they do not know (CKA_ALWAYS_AUTHENTICATE is v2.20+).
    return undefined;
  }
}

/** CK_ULONG is 8 bytes on 64-bit Linux and macOS but 4 on Windows. */
function ulong(value: Buffer | undefined): number | undefined {
  if (!value || value.length === 0) return undefined;
  return value.length >= 8 ? Number(value.readBigUInt64LE(0)) : value.readUInt32LE(0);
}

function keyIds(p: pkcs11js.PKCS11, session: Handle, keyClass: number): Set<string> {
  const ids = new Set<string>();
  for (const key of find(p, session, [{ type: pkcs11js.CKA_CLASS, value: keyClass }])) {
    const id = attribute(p, session, key, pkcs11js.CKA_ID);
    if (id) ids.add(id.toString('hex'));
  }
  return ids;
}

function readCertificates(p: pkcs11js.PKCS11, session: Handle): RawCertificate[] {
  const privateKeys = keyIds(p, session, pkcs11js.CKO_PRIVATE_KEY);
  const publicKeys = keyIds(p, session, pkcs11js.CKO_PUBLIC_KEY);
  const found: RawCertificate[] = [];
  const template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ];
  for (const object of find(p, session, template)) {
    const value = attribute(p, session, object, pkcs11js.CKA_VALUE);
    if (!value) continue;
    const id = attribute(p, session, object, pkcs11js.CKA_ID)?.toString('hex') ?? '';
    found.push({
      id,
      label: text(attribute(p, session, object, pkcs11js.CKA_LABEL)?.toString('utf8') ?? ''),
      value: new Uint8Array(value),
      privateKey: id !== '' && privateKeys.has(id),
      publicKey: id !== '' && publicKeys.has(id),
    });
  }
  return found;
}

function certificates({ token }: Ops['certificates']['args']): Ops['certificates']['reply'] {
  const p = module();
  const slot = slotOf(p, token);
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    return { token: readToken(p, slot), certificates: readCertificates(p, session) };
  } finally {
    p.C_CloseSession(session);
  }
}

function forgetSignersOn(slot: Handle): void {
  for (const [id, signer] of signers) if (signer.slot.equals(slot)) signers.delete(id);
}

function open({ token, certificateId, pin }: Ops['open']['args']): Ops['open']['reply'] {
  const p = module();
  const chosenToken = selectToken(tokens(p), token);
  if (pin === null && (chosenToken.flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) === 0) throw pkcs11Errors.pinMissing();
  const slot = Buffer.from(chosenToken.slot, 'hex');
  // Login state belongs to the whole token: closing every session logs out any earlier
  // signer, so C_Login below really checks this PIN instead of answering "already logged in".
  p.C_CloseAllSessions(slot);
  forgetSignersOn(slot);
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    try {
      if (pin === null) p.C_Login(session, pkcs11js.CKU_USER);
      else p.C_Login(session, pkcs11js.CKU_USER, pin);
    } catch (e) {
      throw new SlotFailure(slot, e);
    }
    const id = Buffer.from(certificateId, 'hex');
    const all = readCertificates(p, session);
    const chosen = all.find((c) => c.id === certificateId);
    if (!chosen) throw pkcs11Errors.certificateNotFound();
    const [key] = find(p, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_ID, value: id },
    ]);
    if (!key) throw pkcs11Errors.noPrivateKey();
    const keyType = ulong(attribute(p, session, key, pkcs11js.CKA_KEY_TYPE));
    if (keyType !== pkcs11js.CKK_RSA && keyType !== pkcs11js.CKK_EC) throw pkcs11Errors.unsupportedKey(`CKK ${keyType ?? '?'}`);
    const alwaysAuthenticate = attribute(p, session, key, pkcs11js.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1;
    const signer = nextSigner++;
    signers.set(signer, { slot, session, key, alwaysAuthenticate });
    return {
      signer,
      token: readToken(p, slot),
      keyType: keyType === pkcs11js.CKK_RSA ? 'rsa' : 'ec',
      alwaysAuthenticate,
      certificate: chosen.value,
      chain: all.filter((c) => c !== chosen && !c.privateKey).map((c) => c.value),
    };
  } catch (e) {
    endSession(p, session);
    throw e;
  }
}

function endSession(p: pkcs11js.PKCS11, session: Handle): void {
  // Logging out and closing are best effort: the token may already be gone.
  try {
    p.C_Logout(session);
  } catch {
    /* already logged out or removed */
  }
  try {
    p.C_CloseSession(session);
  } catch {
    /* already closed */
  }
}

const MECHANISM: Record<KeyType, number> = { rsa: pkcs11js.CKM_RSA_PKCS, ec: pkcs11js.CKM_ECDSA };

function sign({ signer: id, mechanism, data, pin }: Ops['sign']['args']): Ops['sign']['reply'] {
  const p = module();
  const signer = signers.get(id);
  if (!signer) throw pkcs11Errors.sessionLost();
  try {
    p.C_SignInit(signer.session, { mechanism: MECHANISM[mechanism] }, signer.key);
    if (signer.alwaysAuthenticate) {
      try {
        if (pin === null) p.C_Login(signer.session, pkcs11js.CKU_CONTEXT_SPECIFIC);
        else p.C_Login(signer.session, pkcs11js.CKU_CONTEXT_SPECIFIC, pin);
      } catch (e) {
        throw new SlotFailure(signer.slot, e);
      }
    }
    // 1024 bytes fits RSA-8192 and any ECDSA r‖s; pkcs11js returns the used part.
    return new Uint8Array(p.C_Sign(signer.session, Buffer.from(data), Buffer.alloc(1024)));
  } catch (e) {
    replaceSession(p, signer);
    throw e;
  }
}

/**
 * A failed sign can leave the operation active (a context login that failed leaves
 * C_SignInit pending), and PKCS#11 v2 has no way to cancel it. A fresh session on the
 * same token keeps the login, because login is per token, and starts clean.
 */
function replaceSession(p: pkcs11js.PKCS11, signer: OpenSigner): void {
  try {
    const fresh = p.C_OpenSession(signer.slot, pkcs11js.CKF_SERIAL_SESSION);
    p.C_CloseSession(signer.session);
    signer.session = fresh;
  } catch {
    /* token gone: the next sign reports it */
  }
}

function close({ signer: id }: Ops['close']['args']): null {
  const signer = signers.get(id);
  if (signer && lib) {
    signers.delete(id);
    endSession(lib, signer.session);
  }
  return null;
}

function finalize(): null {
  if (lib) {
    signers.clear();
    try {
      lib.C_Finalize();
    } finally {
      lib.close();
      lib = null;
    }
  }
  return null;
}

const handlers: { [K in keyof Ops]: (args: Ops[K]['args']) => Ops[K]['reply'] } = {
  tokens: () => tokens(module()),
  certificates,
  open,
  sign,
  close,
  finalize,
};

function tokenAfterFailure(slot: Handle): RawToken | undefined {
  try {
    return lib ? readToken(lib, slot) : undefined;
  } catch {
    return undefined;
  }
}

/** What may cross back. PIN text is removed defensively, though no module is known to echo it. */
function toWire(e: unknown, pin: string | null): WireError {
  const redact = (s: string) => (pin ? s.split(pin).join('•••') : s);
  if (e instanceof SlotFailure) {
    const wire = toWire(e.original, pin);
    return wire.kind === 'pkcs11' ? { ...wire, token: tokenAfterFailure(e.slot) } : wire;
  }
  if (e instanceof DeskError) return { kind: 'desk', code: e.code, vi: e.text.vi, en: e.text.en };
  if (e instanceof LoadFailure) return { kind: 'load', message: redact(e.message) };
  const ckr = ckrName(e);
  if (ckr) return { kind: 'pkcs11', ckr, method: (e as { method?: string }).method ?? '' };
  return { kind: 'internal', message: redact(e instanceof Error ? e.message : String(e)) };
}

function answer(request: Request): void {
  let reply: Reply;
  try {
    const handler = handlers[request.op] as (args: unknown) => unknown;
    reply = { id: request.id, ok: true, value: handler(request.args) };
  } catch (e) {
    const pin = 'pin' in request.args ? request.args.pin : null;
    reply = { id: request.id, ok: false, error: toWire(e, pin) };
  }
  parent.post(reply);
}

parent.onMessage((message) => {
  if ('modulePath' in message) modulePath ??= message.modulePath;
  else answer(message);
});
