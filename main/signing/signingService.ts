// What the desk asks of signing: which tokens are there, sign these files with one PIN entry,
// add a timestamp that was pending, verify a file. `configure` is called by main only: the module
// paths and the TSA come from main's privileged settings (main/settings/), the training token and
// trust anchors from the renderer's choice, the CLI from its own arguments.
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { TokenRegistry } from '../token/tokens.ts';
import { joined } from './incrementalUpdate.ts';
import { signParts, upgradeToT, type SignedParts, type VisibleStamp } from './pades.ts';
import { checkStampImage } from './stampImage.ts';
import type { StampTemplate } from './stamp.ts';
import { pageCount } from './updateReader.ts';
import { MANIFEST_FORMAT, describeFile, signManifest, type ManifestFile } from './manifest.ts';
import { commonName, keyUsage, parseCertificate, validAt } from './certificateInfo.ts';
import { certificatesIn } from './trustAnchors.ts';
import { verifyPdf } from './verify.ts';
import type { TokenList } from '#preload/wire/tokens.ts';
import type { SignedFile, SignFilesResult, StampCorner, StampPage, VerifyReport } from '#preload/wire/signing.ts';

export interface SigningConfig {
  pkcs11Modules: string[];
  emulator: boolean;
  /** The emulated token's certificate: an officer's (default) or the office's own. */
  emulatorHolder?: 'officer' | 'organisation';
  /** The office the emulated organisation certificate names. */
  emulatorOrganisation?: string;
  /** RFC 3161 timestamp authority; null signs at B-B. */
  tsaUrl: string | null;
  /** Certificate files of the CAs the desk trusts (government CA, public CA roots), PEM or DER as imported. */
  trustAnchors: Uint8Array[];
}

/**
 * Where the NĐ 30/2020 stamp goes: on the page asked for, the free area nearest the corner
 * asked for — or the officer's own rectangle (`area`, zero-based page, PDF points).
 */
export interface StampRequest {
  page: StampPage;
  corner: StampCorner;
  area?: { page: number; x: number; y: number; width: number; height: number };
  organisation: string;
  /** The signer's title (chức vụ), shown above the signature image. */
  title?: string;
  signerImage?: Uint8Array;
  sealImage?: Uint8Array;
  /** The stamp's wording and sizes, when not the bundled stamp-content.json (main-side callers only). */
  template?: StampTemplate;
}

export interface SignFilesRequest {
  tokenId: string;
  certificateId: string;
  /** null: the reader's own PIN pad. */
  pin: string | null;
  files: Uint8Array[];
  reason?: string;
  location?: string;
  stamp: StampRequest | null;
  /** Sign a manifest of the dossier too: `entries` name the files above, one each; `others` are the dossier's files not in this batch. */
  manifest?: { dossier: unknown; entries: Omit<ManifestFile, 'sha256' | 'size'>[]; others: ManifestFile[] };
}

/** A signed file as main-side callers that write it take it: its parts, never joined (`SignedParts`). */
export interface SignedFileParts extends Omit<SignedFile, 'pdf'> {
  parts: SignedParts;
}

export interface SignFilePartsResult extends Omit<SignFilesResult, 'files'> {
  files: SignedFileParts[];
}

async function stampFor(pdf: Uint8Array, request: StampRequest): Promise<VisibleStamp> {
  const { area } = request;
  // Counted through the page tree as sign() will read it, not by parsing a 50 MB scan whole.
  const page = area ? area.page : request.page === 'first' ? 0 : (await pageCount(pdf)) - 1;
  return {
    page,
    corner: request.corner,
    ...(area ? { rect: { x: area.x, y: area.y, width: area.width, height: area.height } } : {}),
    organisation: request.organisation,
    ...(request.title?.trim() ? { title: request.title.trim() } : {}),
    ...(request.signerImage ? { signerImage: request.signerImage } : {}),
    ...(request.sealImage ? { sealImage: request.sealImage } : {}),
    ...(request.template ? { template: request.template } : {}),
  };
}

/** Every signature dictionary carries /ByteRange: without one there is nothing to check. */
const BYTE_RANGE = Buffer.from('/ByteRange');

/**
 * A file whose existing signature is broken, or no longer covers the document shown (changed
 * after signing in a way it does not permit), must not look endorsed by a new one.
 */
async function refuseBrokenSignatures(pdf: Uint8Array, index: number): Promise<void> {
  if (Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).indexOf(BYTE_RANGE) < 0) return;
  const report = await verifyPdf(pdf, { trustAnchors: [] });
  const broken = report.signatures.filter((s) => s.verdict === 'invalid');
  if (broken.length === 0) return;
  // Sound signatures over a revision that is not the document shown: say what changed.
  if (broken.every((s) => s.signedRevision.verdict !== 'invalid')) {
    const what = broken[0]!.changes.find((c) => !c.allowed)!.text;
    throw new DeskError('signing.changed-after-signing', {
      vi: `Tệp thứ ${index + 1} đã bị sửa sau khi ký theo cách chữ ký không cho phép (${what.vi}): tài liệu đang hiển thị không còn là tài liệu đã ký. Không ký thêm lên tệp này; hãy lấy lại bản đã ký.`,
      en: `File ${index + 1} was changed after signing in a way its signature does not permit (${what.en}): the document shown is no longer the one signed. It will not be signed again; get the signed version.`,
    });
  }
  throw new DeskError('signing.broken-signature', {
    vi: `Tệp thứ ${index + 1} đã có chữ ký số bị hỏng (tệp bị sửa sau khi ký). Không ký thêm lên tệp này; hãy lấy lại bản gốc.`,
    en: `File ${index + 1} already carries a broken signature (changed after signing). It will not be signed again; get the original.`,
  });
}

/** Signing with an expired certificate, or one not meant for signing, makes a signature nobody accepts. */
function refuseUnfitCertificate(der: Uint8Array, now: Date): void {
  const certificate = parseCertificate(der);
  const subject = commonName(certificate) ?? '';
  const [validFrom, validTo] = [certificate.notBefore.value, certificate.notAfter.value];
  if (!validAt(certificate, now)) {
    const day = (d: Date) => toDeskIso(d).slice(0, 10);
    throw new DeskError('signing.certificate-not-valid', {
      vi: `Chứng thư số của ${subject} chỉ có hiệu lực từ ${day(validFrom)} đến ${day(validTo)}: không ký được. Hãy gia hạn chứng thư với nhà cung cấp.`,
      en: `${subject}'s certificate is valid only from ${day(validFrom)} to ${day(validTo)}: it cannot sign. Renew it with the certificate authority.`,
    });
  }
  const usages = keyUsage(certificate);
  if (usages && !usages.has('digitalSignature') && !usages.has('nonRepudiation')) {
    throw new DeskError('signing.certificate-usage', {
      vi: `Chứng thư số của ${subject} không dùng để ký số (thiếu mục đích "ký số"). Hãy chọn chứng thư khác.`,
      en: `${subject}'s certificate is not meant for digital signatures (no signing key usage). Choose another certificate.`,
    });
  }
}

export class SigningService {
  private config: SigningConfig = { pkcs11Modules: [], emulator: false, tsaUrl: null, trustAnchors: [] };
  /** Signatures and timestamps under way: an update must not quit the app in the middle of one. */
  private inFlight = 0;

  constructor(private readonly tokens = new TokenRegistry()) {}

  /** An unreadable trust anchor is refused here, so the administrator learns it on saving. */
  configure(config: SigningConfig): void {
    const trustAnchors = config.trustAnchors.flatMap((file, i) => {
      try {
        const found = certificatesIn(file);
        found.forEach(parseCertificate);
        return found;
      } catch {
        throw new DeskError('signing.bad-trust-anchor', {
          vi: `Chứng thư gốc thứ ${i + 1} không đọc được (cần tệp .cer, .crt, .pem hoặc .der).`,
          en: `Root certificate ${i + 1} cannot be read (a .cer, .crt, .pem or .der file is needed).`,
        });
      }
    });
    this.config = { ...config, trustAnchors };
    this.tokens.configure({
      pkcs11Modules: config.pkcs11Modules,
      emulator: config.emulator,
      ...(config.emulatorHolder ? { emulatorHolder: config.emulatorHolder } : {}),
      ...(config.emulatorOrganisation ? { emulatorOrganisation: config.emulatorOrganisation } : {}),
    });
  }

  listTokens(): Promise<TokenList> {
    return this.tokens.list();
  }

  busy(): boolean {
    return this.inFlight > 0;
  }

  private async counted<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Logs in once, then signs each file in turn. Nothing is returned unless every file was
   * signed: the renderer stores the batch in one transaction or not at all.
   */
  async signFiles(request: SignFilesRequest): Promise<SignFilesResult> {
    const result = await this.signFileParts(request);
    // IPC hands the renderer one buffer per file.
    return { ...result, files: result.files.map(({ parts, ...file }) => ({ pdf: joined(parts), ...file })) };
  }

  /**
   * `signFiles` for callers in main that write the files (`desk sign`): each file comes back as
   * the input followed by its signature's revision, so a 50 MB scan is held once, not twice.
   */
  signFileParts(request: SignFilesRequest): Promise<SignFilePartsResult> {
    return this.counted(() => this.signAll(request));
  }

  private async signAll(request: SignFilesRequest): Promise<SignFilePartsResult> {
    // Bad files and images are refused before the token is touched: the officer keeps every PIN try.
    for (const [index, pdf] of request.files.entries()) await refuseBrokenSignatures(pdf, index);
    if (request.stamp?.signerImage) await checkStampImage(request.stamp.signerImage, 'signer');
    if (request.stamp?.sealImage) await checkStampImage(request.stamp.sealImage, 'seal');
    const session = await this.tokens.open(request.tokenId, request.certificateId, request.pin);
    try {
      const files: SignedFileParts[] = [];
      let signerName = '';
      for (const pdf of request.files) {
        const signer = await session.signer();
        if (!signerName) refuseUnfitCertificate(signer.certificate, new Date());
        signerName ||= signer.label;
        const result = await signParts(pdf, {
          signer,
          ...(request.reason ? { reason: request.reason } : {}),
          ...(request.location ? { location: request.location } : {}),
          ...(request.stamp ? { stamp: await stampFor(pdf, request.stamp) } : {}),
          ...(this.config.tsaUrl ? { tsaUrl: this.config.tsaUrl } : {}),
        });
        files.push({
          parts: result.parts,
          level: result.level,
          timestampPending: result.timestampPending,
          signingTime: toDeskIso(result.signingTime),
          ...(result.stamp ? { stamp: result.stamp } : {}),
        });
      }
      let manifest: Uint8Array | null = null;
      if (request.manifest) {
        const { dossier, entries, others } = request.manifest;
        if (entries.length !== files.length)
          throw new DeskError('signing.manifest', { vi: 'Bản kê tệp không khớp với các tệp ký.', en: 'The manifest entries do not match the files signed.' });
        const listed = [...files.map((f, i) => describeFile(f.parts, entries[i]!)), ...others];
        manifest = await signManifest({ format: MANIFEST_FORMAT, dossier, files: listed, signedAt: toDeskIso(new Date()) }, await session.signer());
      }
      return { files, signer: signerName, manifest };
    } finally {
      await session.close();
    }
  }

  /** Adds the document timestamp a B-B signature was waiting for (B-B → B-T). */
  timestamp(pdf: Uint8Array): Promise<Uint8Array> {
    return this.counted(() => this.addTimestamp(pdf));
  }

  private async addTimestamp(pdf: Uint8Array): Promise<Uint8Array> {
    if (!this.config.tsaUrl) {
      throw new DeskError('signing.no-tsa', {
        vi: 'Chưa cấu hình máy chủ cấp dấu thời gian (TSA).',
        en: 'No timestamp authority (TSA) is configured.',
      });
    }
    return (await upgradeToT(pdf, this.config.tsaUrl)).pdf;
  }

  async verify(pdf: Uint8Array): Promise<VerifyReport> {
    const demo = await this.tokens.emulatorAuthority();
    return verifyPdf(pdf, { trustAnchors: [...this.config.trustAnchors, ...(demo ? [demo] : [])] });
  }

  close(): Promise<void> {
    return this.tokens.close();
  }
}
