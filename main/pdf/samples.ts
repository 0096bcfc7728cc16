// Sample requests for every form: what the tests render, and what `desk forms render NN
// --sample` prints so support staff can check a printer's layout. Invented people and codes.
import type {
  ApologyRequest,
  ControlRequest,
  FormRequest,
  LedgerRequest,
  LedgerRow,
  ReceiptRequest,
  RefusalRequest,
  StopRequest,
  SupplementRequest,
} from '#preload/contract.ts';

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
    book: { label: '01/2026', number: n },
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

export function stopRequest(overrides: Partial<StopRequest> = {}): StopRequest {
  return {
    kind: 'stop',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    dossierCode: DOSSIER_CODE,
    procedureName: 'Đăng ký thường trú',
    applicant: APPLICANT,
    // 07:05 UTC is 14:05 in Vietnam.
    receivedAt: '2026-11-23T07:05:00Z',
    reason: 'Người đăng ký đã có văn bản đề nghị rút hồ sơ ngày 25/11/2026.',
    guidance: 'Nhận lại hồ sơ đã nộp tại Bộ phận một cửa phường Ba Đình; nộp hồ sơ mới khi có nhu cầu.',
    issuedAt: '2026-11-26T10:00:00+07:00',
    ...overrides,
  };
}

export function controlRequest(overrides: Partial<ControlRequest> = {}): ControlRequest {
  return {
    kind: 'control',
    templateVersion: 'tt03-2025',
    office: OFFICE,
    dossierCode: DOSSIER_CODE,
    procedureName: 'Đăng ký khai sinh',
    applicantName: APPLICANT.fullName,
    appointmentAt: '2026-11-24T16:30:00+07:00',
    handOffs: [
      {
        from: 'Bộ phận một cửa phường Ba Đình',
        to: 'Công chức Tư pháp - Hộ tịch',
        // 07:20 UTC is 14:20 in Vietnam.
        at: '2026-11-23T07:20:00Z',
        result: 'Đúng hạn',
        note: 'Hồ sơ giấy 1 bộ',
      },
    ],
    issuedAt: '2026-11-23T14:05:00+07:00',
    ...overrides,
  };
}

/** The sample of one kind, under a template version. */
export function sampleRequest(kind: FormRequest['kind'], templateVersion: string): FormRequest {
  switch (kind) {
    case 'receipt':
      return receiptRequest({ templateVersion });
    case 'supplement':
      return supplementRequest({ templateVersion });
    case 'refusal':
      return refusalRequest({ templateVersion });
    case 'apology':
      return apologyRequest({ templateVersion });
    case 'stop':
      return stopRequest({ templateVersion });
    case 'control':
      return controlRequest({ templateVersion });
    case 'ledger':
      return ledgerRequest({ templateVersion });
  }
}
