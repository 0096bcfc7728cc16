// Real signed certified copies for the tests of their sync: a scanned original certified by the
// training token holding an office certificate (main/certification), and the book entry a desk
// would send for it. Not used by the server.
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { deskDay } from '#domain/dossierCode/calendarDay.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { bookLabel } from '#domain/certification/statement.ts';
import { certifyCopy } from '#main/certification/certify.ts';
import { scannedOriginal } from '#main/certification/testOriginals.ts';
import { SigningService } from '#main/signing/signingService.ts';
import type { WireCertifiedCopy } from '#preload/wire/sync.ts';
import type { CertifiedCopy } from '#preload/wire/certification.ts';

export const TEST_OFFICE = 'Ủy ban nhân dân xã Tân Phú';

let signing: SigningService | null = null;

/** A copy of a `pages`-page colour original at 200 dpi, numbered `number` in this year's book. */
export async function signedCopy(number: number, pages = 3, at = new Date()): Promise<CertifiedCopy> {
  if (!signing) {
    signing = new SigningService();
    signing.configure({ pkcs11Modules: [], emulator: true, emulatorHolder: 'organisation', emulatorOrganisation: TEST_OFFICE, tsaUrl: null, trustAnchors: [] });
  }
  const day = deskDay(at);
  const kinds = Array.from({ length: pages }, (_, i) => (['text', 'seal', 'sparse'] as const)[i % 3]!);
  return certifyCopy(signing, {
    original: await scannedOriginal(kinds),
    tokenId: 'emulator',
    certificateId: 'piv-9c',
    pin: '123456',
    office: { name: TEST_OFFICE, place: 'Tân Phú' },
    certifier: 'Nguyễn Thị Hương',
    entry: { number, year: Number(day.slice(0, 4)), day },
  });
}

/** The entry a desk sends for `copy` (the fee as TT 226/2016 sets it for 1–3 pages unless given). */
export function entryFor(copy: CertifiedCopy, number: number, overrides: Partial<WireCertifiedCopy> = {}, at = new Date()): WireCertifiedCopy {
  const day = deskDay(at);
  const year = Number(day.slice(0, 4));
  const pages = copy.pages.length;
  const tariff = Math.min(pages, 2) * 2000 + Math.max(0, pages - 2) * 1000;
  return {
    id: ulid(),
    procedureCode: '2.000815',
    book: { year, label: bookLabel(year), number },
    day,
    at: toDeskIso(at),
    document: 'Bằng tốt nghiệp trung học phổ thông',
    pages,
    fee: { amount: tariff, tariff },
    signer: { name: copy.signer, certificateSha256: copy.certificateSha256 },
    file: { sha256: createHash('sha256').update(copy.pdf).digest('hex'), size: copy.pdf.length, name: `ban-sao-dien-tu-${year}-${number}.pdf` },
    officerId: ulid(),
    ...overrides,
  };
}
