// Vietnamese is the source language: every key exists here first.
export const vi = {
  app: { name: 'Một Cửa Desk', tagline: 'Bộ phận tiếp nhận và trả kết quả' },
  nav: { reception: 'Tiếp nhận', dossiers: 'Hồ sơ', settings: 'Cài đặt', lock: 'Khóa màn hình', signOut: 'Đăng xuất', language: 'English' },
  common: {
    save: 'Lưu', cancel: 'Hủy', next: 'Tiếp', back: 'Quay lại', close: 'Đóng', print: 'In', yes: 'Có', no: 'Không',
    required: 'bắt buộc', loading: 'Đang tải…', saved: 'Đã lưu.', search: 'Tìm', all: 'Tất cả',
  },
  setup: {
    title: 'Thiết lập lần đầu', officeStep: 'Thông tin cơ quan', adminStep: 'Tài khoản quản trị',
    officeName: 'Tên cơ quan (UBND)', unitName: 'Bộ phận tiếp nhận', agencyId: 'Mã định danh điện tử cơ quan (QĐ 20/2020)',
    level: 'Cấp hành chính', levels: { commune: 'Xã', ward: 'Phường', special: 'Đặc khu', district: 'Huyện (cũ)' },
    placeName: 'Địa danh (dòng ngày tháng)', deskNumber: 'Số quầy', deskCount: 'Tổng số quầy của cơ quan',
    demo: 'Dùng thử với cơ quan mẫu và hồ sơ mẫu', finish: 'Hoàn tất',
    othersNumberingToday: 'Các quầy khác của cơ quan đã cấp mã hồ sơ hôm nay (quầy này cấp mã từ ngày mai để không trùng)',
    username: 'Tên đăng nhập', fullName: 'Họ và tên', password: 'Mật khẩu', passwordAgain: 'Nhập lại mật khẩu',
  },
  signIn: { title: 'Đăng nhập', submit: 'Đăng nhập', failed: 'Sai tên đăng nhập hoặc mật khẩu.' },
  lock: { title: 'Màn hình đã khóa', hint: 'Nhập mật khẩu của {{name}} để mở khóa.', unlock: 'Mở khóa', other: 'Đăng nhập tài khoản khác' },
  reception: {
    procedure: 'Thủ tục hành chính', procedureSearch: 'Tìm theo mã hoặc tên thủ tục (không cần dấu)…',
    applicant: 'Người nộp hồ sơ', scanHint: 'Quét mã QR trên thẻ căn cước bất cứ lúc nào để điền tự động.',
    fullName: 'Họ và tên', idNumber: 'Số định danh cá nhân', dateOfBirth: 'Ngày sinh', gender: 'Giới tính',
    male: 'Nam', female: 'Nữ', address: 'Địa chỉ thường trú', phone: 'Số điện thoại', email: 'Thư điện tử',
    representative: 'Người nộp thay (nếu có)', representativeName: 'Họ tên người nộp thay', representativeId: 'Số định danh người nộp thay',
    components: 'Thành phần hồ sơ', received: 'Đã nhận', kind: 'Loại bản', count: 'Số lượng', note: 'Ghi chú',
    kinds: { original: 'Bản chính', certified: 'Bản chứng thực', photocopy: 'Bản photo' },
    mandatory: 'bắt buộc', sets: 'Số bộ hồ sơ',
    accept: 'Tiếp nhận & in giấy hẹn', supplement: 'Yêu cầu bổ sung', refuse: 'Từ chối tiếp nhận',
    incompleteReason: 'Hồ sơ còn thiếu thành phần bắt buộc. Nêu lý do vẫn tiếp nhận:',
    reason: 'Lý do', reasonRequired: 'Cần nêu lý do.', newDossier: 'Hồ sơ mới',
    qrFilled: 'Đã điền từ mã QR thẻ căn cước.', appointment: 'Ngày hẹn trả', code: 'Mã hồ sơ',
    accepted: 'Đã tiếp nhận hồ sơ {{code}}. Hẹn trả: {{appointment}}.', supplemented: 'Đã lập phiếu yêu cầu bổ sung.',
    refused: 'Đã lập phiếu từ chối tiếp nhận.', pickProcedure: 'Chọn thủ tục trước.', fixErrors: 'Hãy sửa các ô báo lỗi.',
    processing: 'Thời hạn giải quyết', workingDays: '{{n}} ngày làm việc', fee: 'Phí, lệ phí',
  },
  dossiers: {
    title: 'Sổ hồ sơ', searchPlaceholder: 'Tìm theo mã hồ sơ, tên (không dấu), số định danh, số điện thoại…',
    status: 'Trạng thái', from: 'Từ ngày', to: 'Đến ngày', overdue: 'Quá hạn', count: '{{n}} hồ sơ', none: 'Không có hồ sơ nào.',
    decision: { accepted: 'Đã tiếp nhận', supplement: 'Yêu cầu bổ sung', refused: 'Từ chối' },
    columns: { code: 'Mã hồ sơ', applicant: 'Người nộp', procedure: 'Thủ tục', received: 'Ngày nhận', appointment: 'Hẹn trả', state: 'Trạng thái' },
    open: 'Xem', receipt: 'Giấy tờ đã in',
  },
  settings: {
    title: 'Cài đặt quầy', office: 'Cơ quan', hours: 'Giờ làm việc', morning: 'Buổi sáng', afternoon: 'Buổi chiều',
    cutoff: 'Giờ chốt nhận (sau giờ này tính từ ngày làm việc kế tiếp)', printer: 'Máy in', idle: 'Tự khóa sau (phút)',
    resultPlace: 'Nơi trả kết quả', catalog: 'Danh mục thủ tục', catalogImport: 'Nạp danh mục từ tệp JSON',
    catalogInstalled: 'Đã nạp danh mục {{version}} ({{n}} thủ tục).', officers: 'Cán bộ', addOfficer: 'Thêm cán bộ',
    role: 'Vai trò', roles: { admin: 'Quản trị', officer: 'Cán bộ tiếp nhận' }, audit: 'Nhật ký thao tác',
  },
  scan: {
    open: 'Quét / nhập tệp', device: 'Máy quét', source: 'Nguồn giấy', mode: 'Chế độ màu', dpi: 'Độ phân giải (dpi)',
    pageKind: 'Nén trang', scan: 'Quét', stop: 'Dừng', import: 'Nhập tệp…', save: 'Lưu thành PDF', pages: 'Các trang',
    moveTo: 'Chuyển sang thành phần', keys: 'Kéo thả tệp vào đây để nhập. Bàn phím: ←/→ chọn trang, Ctrl+←/→ đổi chỗ, R xoay, Delete xóa, Enter xem trang.',
    blank: 'trang trắng', moveUp: 'Lên trước', moveDown: 'Xuống sau', rotate: 'Xoay', delete: 'Xóa trang', scanned: 'Bản quét',
    sources: { flatbed: 'Mặt kính', feeder: 'Khay nạp giấy', duplex: 'Khay nạp, hai mặt' },
    modes: { color: 'Màu', gray: 'Xám', bw: 'Đen trắng' },
    kinds: { auto: 'Tự động', bilevel: 'Đen trắng (CCITT G4)', gray: 'Xám (JPEG)', color: 'Màu (JPEG)' },
  },
  errors: { title: 'Có lỗi', quota: 'Bộ nhớ của máy đã gần đầy: không lưu hồ sơ để tránh lưu dở dang. Hãy giải phóng dung lượng rồi thử lại.' },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof vi>;
