// Shared by the form tests: sample requests, and the poppler/qpdf/zbar command-line tools
// that check the PDFs from outside (as a printer driver or viewer would read them).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApologyRequest, LedgerRequest, LedgerRow, ReceiptRequest, RefusalRequest, SupplementRequest } from '#preload/contract.ts';

export const OFFICE = {
  officeName: 'UBND phường Ba Đình',
  unitName: 'Trung tâm Phục vụ hành chính công',
  placeName: 'Phường Ba Đình',
};

export const APPLICANT = {
  fullName: 'Nguyễn Thị Hồng Nhung',
  idNumber: '001190012345',
  address: 'Số 12 ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội',
  phone: '0912345678',
  email: 'nhung.nth@example.vn',
};

export const DOSSIER_CODE = '000.17.22.H56-261123-0001';

export function receiptRequest(overrides: Partial<ReceiptRequest> = {}): ReceiptRequest {
  return {
    kind: 'receipt',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    dossierCode: DOSSIER_CODE,
    procedureName: 'Đăng ký khai sinh',
    applicant: APPLICANT,
    components: [
      { name: 'Tờ khai đăng ký khai sinh', kind: 'original', count: 1, received: true },
      { name: 'Giấy chứng sinh', kind: 'original', count: 1, received: true },
      { name: 'Căn cước của người đi đăng ký', kind: 'certified', count: 1, received: true },
    ],
    sets: 1,
    processingDays: 1,
    // 07:05 UTC is 14:05 in Vietnam: the form must show the desk's wall time.
    receivedAt: '2026-11-23T07:05:00Z',
    appointmentAt: '2026-11-24T16:30:00+07:00',
    resultPlace: 'Bộ phận một cửa phường Ba Đình',
    fee: 'Miễn lệ phí',
    officerName: 'Trần Văn Bình',
    bookNumber: '03',
    sequence: 118,
    ...overrides,
  };
}

export function supplementRequest(overrides: Partial<SupplementRequest> = {}): SupplementRequest {
  return {
    kind: 'supplement',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    procedureName: 'Đăng ký khai sinh',
    applicant: APPLICANT,
    missing: [
      { name: 'Giấy chứng sinh', kind: 'original', count: 1, received: false },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ', kind: 'certified', count: 2, received: false },
      { name: 'Văn bản ủy quyền', kind: 'photocopy', count: 3, received: false, note: 'Nếu nộp thay' },
    ],
    reason: 'Thiếu bản chính giấy chứng sinh; tờ khai chưa có chữ ký của người đi đăng ký.',
    officerName: 'Trần Văn Bình',
    contact: 'số điện thoại 024 3823 4567',
    issuedAt: '2026-11-23T14:05:00+07:00',
    ...overrides,
  };
}

export function refusalRequest(overrides: Partial<RefusalRequest> = {}): RefusalRequest {
  return {
    kind: 'refusal',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    procedureName: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    applicant: APPLICANT,
    reason: 'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã.',
    officerName: 'Trần Văn Bình',
    issuedAt: '2026-11-23T14:05:00+07:00',
    ...overrides,
  };
}

export function apologyRequest(overrides: Partial<ApologyRequest> = {}): ApologyRequest {
  return {
    kind: 'apology',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    dossierCode: DOSSIER_CODE,
    procedureName: 'Đăng ký thường trú',
    applicant: APPLICANT,
    // 07:05 UTC is 14:05 in Vietnam.
    receivedAt: '2026-11-23T07:05:00Z',
    appointmentAt: '2026-11-26T16:30:00+07:00',
    newAppointmentAt: '2026-12-01T09:00:00+07:00',
    reason: 'Cần xác minh nơi cư trú của người đăng ký với Công an xã nơi cư trú trước đây.',
    issuedAt: '2026-11-26T10:00:00+07:00',
    ...overrides,
  };
}

/** Row `n` (from 1) of a tracking book; the applicant's name carries the number to find the row by. */
export function ledgerRow(n: number, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    code: `000.17.22.H56-261103-${String(n).padStart(4, '0')}`,
    procedureName: 'Đăng ký khai sinh',
    sets: 1,
    applicantName: `Công dân số ${String(n).padStart(4, '0')}`,
    contact: 'Số 12 ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội; 0912345678',
    leadAgency: 'Công chức Tư pháp - Hộ tịch',
    receivedAt: '2026-11-03T08:15:00+07:00',
    appointmentAt: '2026-11-05T16:30:00+07:00',
    forwardedAt: '2026-11-03T10:00:00+07:00',
    resultAt: '2026-11-05T09:00:00+07:00',
    returnedAt: '2026-11-05T10:00:00+07:00',
    ...overrides,
  };
}

export function ledgerRequest(overrides: Partial<LedgerRequest> = {}): LedgerRequest {
  return {
    kind: 'ledger',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    from: '2026-11-01',
    to: '2026-11-30',
    rows: [ledgerRow(1)],
    issuedAt: '2026-11-30T17:00:00+07:00',
    ...overrides,
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'mot-cua-forms-'));
let written = 0;
// KEEP_FORM_PDFS=1 keeps the rendered files for a look after a failure.
if (!process.env.KEEP_FORM_PDFS) process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

/** Writes the PDF to a fresh file in a temporary folder and returns its path. */
export function writePdf(bytes: Uint8Array, name: string): string {
  const path = join(workDir, `${++written}-${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

/** Text as `pdftotext -layout` extracts it, optionally from one page. */
export function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return run('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, path, '-']);
}

export interface PdfWord {
  text: string;
  xMin: number;
  xMax: number;
  /** From the top of the page, as pdftotext measures. */
  yMin: number;
  yMax: number;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The words of one page with their boxes in points (`pdftotext -bbox`). */
export function pdfWords(path: string, page: number): PdfWord[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), path, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!.replace(/&(\w+);/g, (whole, name: string) => entities[name] ?? whole),
  }));
}

export function pdfInfo(path: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', [path]).split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) info[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return info;
}

/** `qpdf --check` exits 0 for a structurally sound file (2 = errors, 3 = warnings). */
export function qpdfCheck(path: string): { status: number | null; output: string } {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

export const hasZbarimg = spawnSync('zbarimg', ['--version']).status === 0;

/** Renders one page at 200 dpi, as a scanner at the desk would see the print, and decodes its QR codes. */
export function decodeQr(path: string, page: number): string[] {
  const prefix = join(workDir, `qr-${++written}`);
  run('pdftoppm', ['-r', '200', '-png', '-singlefile', '-f', String(page), '-l', String(page), path, prefix]);
  const result = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}
