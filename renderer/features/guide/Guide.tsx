// The officer's guide inside the app: a short illustrated "how to" for the counter, opened from
// the top bar or with F1 and closed with Esc. Each step is in Vietnamese, then in English, as
// the officer may read either; the README's section for front-desk officers says the same.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { HandOverDiagram, KeysDiagram, OfflineDiagram, ReceiveDiagram, ScanDiagram, SignDiagram } from './diagrams.tsx';

interface Topic {
  id: string;
  title: Bilingual;
  picture: ReactNode;
  steps: Bilingual[];
}

const TOPICS: Topic[] = [
  {
    id: 'receive',
    title: { vi: 'Tiếp nhận hồ sơ', en: 'Receiving a dossier' },
    picture: <ReceiveDiagram />,
    steps: [
      { vi: 'Nhấn F2 để mở màn hình Tiếp nhận.', en: 'Press F2 to open Reception.' },
      {
        vi: 'Gõ mã thủ tục (ví dụ 1.001193) hoặc vài chữ của tên, không cần dấu, rồi Enter để chọn.',
        en: 'Type the procedure code (e.g. 1.001193) or a few letters of its name, diacritics optional, and press Enter.',
      },
      {
        vi: 'Quét mã QR trên thẻ căn cước của người nộp: họ tên, số định danh, ngày sinh, địa chỉ tự điền. Kiểm tra lại và thêm số điện thoại.',
        en: "Scan the QR code on the applicant's ID card: name, ID number, date of birth and address fill in. Check them and add a phone number.",
      },
      {
        vi: 'Đánh dấu từng thành phần hồ sơ đã nhận, ghi bản chính hay bản sao; quét giấy tờ nếu cần.',
        en: 'Tick each component received, original or copy; scan the papers where needed.',
      },
      {
        vi: 'Chọn «Tiếp nhận & in giấy hẹn» (hoặc yêu cầu bổ sung, từ chối, có ghi lý do). Giấy hẹn in hai bản: một cho công dân, một lưu.',
        en: 'Choose "Accept & print the appointment slip" (or ask for more papers, or refuse, with a reason). The slip prints twice: one for the citizen, one to keep.',
      },
    ],
  },
  {
    id: 'scan',
    title: { vi: 'Quét giấy tờ', en: 'Scanning papers' },
    picture: <ScanDiagram />,
    steps: [
      {
        vi: 'Ở dòng thành phần, bấm «Quét / nhập tệp». Chọn máy quét và bấm «Quét», hoặc kéo thả ảnh, PDF vào khung.',
        en: 'On the component\'s line, choose "Scan / import file". Pick the scanner and press "Scan", or drop images or PDFs into the box.',
      },
      {
        vi: 'Sắp xếp trang bằng bàn phím: ←/→ chọn trang, Ctrl+←/→ đổi chỗ, R xoay, Delete xóa, Enter xem lớn.',
        en: 'Arrange pages by keyboard: ←/→ select, Ctrl+←/→ move, R rotate, Delete remove, Enter view.',
      },
      {
        vi: 'Bấm «Lưu thành PDF»: tệp được gắn vào thành phần. Trang đã quét được lưu ngay, mất điện cũng không mất.',
        en: 'Press "Save as PDF": the file joins the component. Each scanned page is stored at once, so a power cut loses nothing.',
      },
    ],
  },
  {
    id: 'sign',
    title: { vi: 'Ký số', en: 'Signing' },
    picture: <SignDiagram />,
    steps: [
      { vi: 'Cắm token chữ ký số. Mở hồ sơ (F3), bấm «Ký số».', en: 'Plug in the signing token. Open the dossier (F3) and choose "Sign".' },
      {
        vi: 'Chọn token, chứng thư và các tệp cần ký; nhập mã PIN (hoặc trên bàn phím của đầu đọc). Nhập sai nhiều lần sẽ khóa token.',
        en: "Pick the token, certificate and files; enter the PIN (or on the reader's keypad). Too many wrong PINs lock the token.",
      },
      {
        vi: 'Sau khi ký, «Kiểm tra chữ ký» cho biết chữ ký hợp lệ hay không và tệp có bị sửa sau khi ký không.',
        en: '"Verify signatures" then says whether each signature is valid and whether the file changed after signing.',
      },
    ],
  },
  {
    id: 'handover',
    title: { vi: 'Trả kết quả', en: 'Handing over the result' },
    picture: <HandOverDiagram />,
    steps: [
      {
        vi: 'Nhấn F3, tìm hồ sơ theo mã, tên hoặc số định danh (hoặc quét mã QR trên giấy hẹn).',
        en: 'Press F3 and find the dossier by code, name or ID number (or scan the QR code on the appointment slip).',
      },
      {
        vi: 'Khi hồ sơ có «Kết quả đã sẵn sàng», kiểm tra giấy tờ của người nhận; người được ủy quyền cần số định danh của mình.',
        en: 'When the dossier shows "Result ready", check the recipient\'s papers; an authorised person gives their own ID number.',
      },
      {
        vi: 'Bấm «Ghi nhận đã trả kết quả». Trả trễ hạn thì in thư xin lỗi và hẹn lại ngày (Mẫu 04).',
        en: 'Choose "Record the hand-over". If it is late, print the apology letter with a new date (Form 04).',
      },
    ],
  },
  {
    id: 'offline',
    title: { vi: 'Khi mất mạng', en: 'When the network is down' },
    picture: <OfflineDiagram />,
    steps: [
      {
        vi: 'Cứ tiếp tục làm việc: tiếp nhận, cấp mã hồ sơ, in giấy hẹn, quét và ký đều không cần mạng.',
        en: 'Keep working: receiving, dossier codes, slips, scanning and signing need no network.',
      },
      {
        vi: 'Ô đồng bộ trên thanh trên cùng ghi «Mất kết nối» và số hồ sơ chờ gửi. Hồ sơ được giữ trên máy, đã mã hóa.',
        en: 'The sync box in the top bar shows "Offline" and how many dossiers wait. They are kept on this computer, encrypted.',
      },
      {
        vi: 'Khi có mạng lại, quầy tự gửi lên hệ thống của tỉnh; không cần nhập lại. Tra cứu dữ liệu dân cư để «chờ tra cứu» và làm sau.',
        en: 'When the network returns the desk sends everything by itself; nothing is typed again. Population-database look-ups stay "pending" and are done later.',
      },
      {
        vi: 'Không tắt máy khi đang đồng bộ nếu không cần; tắt rồi bật lại cũng không mất gì.',
        en: 'Avoid switching off during a sync; if you do, nothing is lost.',
      },
    ],
  },
  {
    id: 'keys',
    title: { vi: 'Phím tắt', en: 'Keyboard shortcuts' },
    picture: <KeysDiagram />,
    steps: [
      { vi: 'F1: mở hoặc đóng hướng dẫn này.', en: 'F1: open or close this guide.' },
      { vi: 'F2: Tiếp nhận hồ sơ mới.', en: 'F2: receive a new dossier.' },
      { vi: 'F3: Sổ hồ sơ, tìm và trả kết quả.', en: 'F3: the register, to find dossiers and hand over results.' },
      { vi: 'F4: Báo cáo chỉ số của xã theo tháng (in, xuất CSV).', en: "F4: the commune's monthly scorecard (print, export CSV)." },
      {
        vi: 'Ctrl+L: khóa màn hình khi rời quầy (tự khóa sau vài phút không dùng).',
        en: 'Ctrl+L: lock the screen when leaving the counter (it also locks itself when idle).',
      },
      { vi: 'Esc: đóng hộp thoại hoặc ô bật lên đang mở.', en: 'Esc: close the open dialog or pop-up.' },
    ],
  },
];

function Both({ text }: { text: Bilingual }) {
  return (
    <>
      <span lang="vi">{text.vi}</span>
      <span lang="en" className="guide-en">
        {text.en}
      </span>
    </>
  );
}

/** Tab and Shift+Tab go round the guide's own links and button, never to the desk behind it. */
function keepFocusInside(e: KeyboardEvent<HTMLDivElement>) {
  const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>('a[href], button')];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && (document.activeElement === first || document.activeElement === e.currentTarget)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

export function Guide({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => opener?.focus();
  }, []);

  return (
    <div className="guide-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="guide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="guide-title"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') keepFocusInside(e);
        }}
      >
        <header className="guide-head">
          <h1 id="guide-title">
            Hướng dẫn cho cán bộ một cửa <span className="guide-en">Guide for front-desk officers</span>
          </h1>
          <button type="button" onClick={onClose}>
            {t('guide.close')}
          </button>
        </header>
        <div className="guide-body">
          <nav aria-label={t('guide.contents')} className="guide-toc">
            <ol>
              {TOPICS.map((topic) => (
                <li key={topic.id}>
                  <a
                    href={`#guide-${topic.id}`}
                    onClick={(e) => {
                      // Scrolls within the guide without changing the address, which names the open screen's state.
                      e.preventDefault();
                      const heading = document.getElementById(`guide-${topic.id}-title`);
                      heading?.scrollIntoView({ block: 'start' });
                      heading?.focus();
                    }}
                  >
                    <Both text={topic.title} />
                  </a>
                </li>
              ))}
            </ol>
          </nav>
          <div className="guide-topics">
            {TOPICS.map((topic) => (
              <section key={topic.id} id={`guide-${topic.id}`} aria-labelledby={`guide-${topic.id}-title`}>
                <h2 id={`guide-${topic.id}-title`} tabIndex={-1}>
                  <Both text={topic.title} />
                </h2>
                {topic.picture}
                <ol>
                  {topic.steps.map((step, i) => (
                    <li key={i}>
                      <Both text={step} />
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
