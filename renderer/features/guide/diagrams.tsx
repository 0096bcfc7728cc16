// The guide's pictures, drawn as inline SVG so they ship with the app (no file to load, nothing
// remote) and stay sharp at any zoom. Each has a title for screen readers; the text beside each
// picture says the same in words. scripts/guide-images.tsx writes the same pictures to
// docs/guide/ for the README.
import type { ReactNode } from 'react';

const INK = '#1c2430';
const ACCENT = '#b3261e';
const MUTED = '#5b6675';
const PAPER = '#ffffff';
const SOFT = '#f3f5f7';

function Figure({ title, width, height, children }: { title: string; width: number; height: number; children: ReactNode }) {
  return (
    <svg
      className="guide-figure"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      fontFamily="'Noto Sans', 'Segoe UI', 'DejaVu Sans', Arial, sans-serif"
      role="img"
      aria-label={title}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      {children}
    </svg>
  );
}

function Box({ x, y, w, h, lines, strong }: { x: number; y: number; w: number; h: number; lines: string[]; strong?: boolean }) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={8} fill={strong ? ACCENT : PAPER} stroke={strong ? ACCENT : MUTED} strokeWidth={1.5} />
      {lines.map((line, i) => (
        <text
          key={i}
          x={x + w / 2}
          y={y + h / 2 + (i - (lines.length - 1) / 2) * 16 + 5}
          textAnchor="middle"
          fontSize={i === 0 ? 14 : 12}
          fontWeight={i === 0 ? 600 : 400}
          fill={strong ? PAPER : i === 0 ? INK : MUTED}
        >
          {line}
        </text>
      ))}
    </g>
  );
}

/** A left-to-right arrow; its head is drawn, not a marker, so several pictures share no element id. */
const Arrow = ({ x1, y, x2, dashed }: { x1: number; y: number; x2: number; dashed?: boolean }) => (
  <g>
    <line x1={x1} y1={y} x2={x2 - 6} y2={y} stroke={MUTED} strokeWidth={1.5} strokeDasharray={dashed ? '6 5' : undefined} />
    <path d={`M${x2 - 8},${y - 5} L${x2},${y} L${x2 - 8},${y + 5} z`} fill={MUTED} />
  </g>
);

/** Reception in five steps, left to right. */
export function ReceiveDiagram() {
  const steps = [
    ['1. F2', 'Tiếp nhận', 'Reception'],
    ['2. Thủ tục', 'gõ mã / tên', 'pick procedure'],
    ['3. Quét QR', 'thẻ căn cước', 'scan ID card QR'],
    ['4. Thành phần', 'đánh dấu đã nhận', 'tick components'],
    ['5. Quyết định', 'tiếp nhận & in', 'accept & print'],
  ];
  return (
    <Figure title="Tiếp nhận hồ sơ qua 5 bước / Receiving a dossier in five steps" width={760} height={110}>
      {steps.map((lines, i) => (
        <g key={i}>
          <Box x={8 + i * 152} y={20} w={128} h={70} lines={lines} strong={i === 4} />
          {i < steps.length - 1 && <Arrow x1={136 + i * 152} y={55} x2={158 + i * 152} />}
        </g>
      ))}
    </Figure>
  );
}

/** A scanned page becomes a component's PDF. */
export function ScanDiagram() {
  return (
    <Figure title="Quét giấy tờ thành tệp PDF của thành phần / Scanning papers into a component's PDF" width={760} height={130}>
      <Box x={8} y={25} w={170} h={80} lines={['Quét / nhập tệp', 'máy quét, ảnh, PDF', 'scanner, image, PDF']} />
      <Arrow x1={178} y={65} x2={218} />
      <g>
        <rect x={222} y={15} width={300} height={100} rx={8} fill={SOFT} stroke={MUTED} />
        {[0, 1, 2].map((i) => (
          <g key={i}>
            <rect x={240 + i * 90} y={28} width={60} height={74} fill={PAPER} stroke={MUTED} />
            {[0, 1, 2, 3].map((l) => (
              <line key={l} x1={248 + i * 90} x2={292 + i * 90} y1={42 + l * 12} y2={42 + l * 12} stroke={MUTED} strokeWidth={1} />
            ))}
          </g>
        ))}
        <text x={372} y={112} textAnchor="middle" fontSize={11} fill={MUTED}>
          ←/→ · Ctrl+←/→ · R · Delete
        </text>
      </g>
      <Arrow x1={522} y={65} x2={562} />
      <Box x={566} y={25} w={186} h={80} lines={['Lưu thành PDF', 'gắn vào thành phần', "the component's PDF"]} strong />
    </Figure>
  );
}

/** Signing with a token: PIN on the desk, signature and stamp on the PDF. */
export function SignDiagram() {
  return (
    <Figure title="Ký số bằng token / Signing with a token" width={760} height={120}>
      <Box x={8} y={25} w={180} h={70} lines={['Mở hồ sơ (F3)', 'nút «Ký số»', 'open dossier, Sign']} />
      <Arrow x1={188} y={60} x2={228} />
      <g>
        <rect x={232} y={35} width={120} height={50} rx={10} fill={INK} />
        <rect x={352} y={50} width={22} height={20} fill={MUTED} />
        <text x={292} y={65} textAnchor="middle" fontSize={13} fill={PAPER} fontWeight={600}>
          Token · PIN
        </text>
      </g>
      <Arrow x1={378} y={60} x2={418} />
      <g>
        <rect x={422} y={10} width={90} height={100} fill={PAPER} stroke={MUTED} />
        <rect x={450} y={72} width={56} height={30} fill="none" stroke={ACCENT} strokeWidth={1.5} />
        <text x={478} y={91} textAnchor="middle" fontSize={10} fill={ACCENT}>
          đã ký
        </text>
      </g>
      <Arrow x1={512} y={60} x2={552} />
      <Box x={556} y={25} w={196} h={70} lines={['Kiểm tra chữ ký', 'hợp lệ / không hợp lệ', 'verify: valid or not']} />
    </Figure>
  );
}

/** Handing the result over: register, open, record who received it. */
export function HandOverDiagram() {
  return (
    <Figure title="Trả kết quả cho công dân / Handing over the result" width={760} height={110}>
      <Box x={8} y={20} w={220} h={70} lines={['F3 · Hồ sơ', 'tìm mã, tên, số định danh', 'find by code, name, ID']} />
      <Arrow x1={228} y={55} x2={268} />
      <Box x={272} y={20} w={220} h={70} lines={['Kết quả đã sẵn sàng', 'kiểm tra người nhận', 'check who receives it']} />
      <Arrow x1={492} y={55} x2={532} />
      <Box x={536} y={20} w={216} h={70} lines={['Ghi nhận đã trả', 'lưu và đồng bộ', 'record the hand-over']} strong />
    </Figure>
  );
}

/** Offline: the desk keeps working, the outbox waits, sync resumes by itself. */
export function OfflineDiagram() {
  return (
    <Figure title="Khi mất mạng: quầy vẫn làm việc, hồ sơ chờ gửi / Offline: the desk keeps working, dossiers wait" width={760} height={130}>
      <Box x={8} y={30} w={210} h={70} lines={['Quầy một cửa', 'tiếp nhận, in, ký, trả', 'receive, print, sign, hand over']} strong />
      <Arrow x1={218} y={65} x2={298} />
      <Box x={302} y={30} w={156} h={70} lines={['Chờ gửi', 'lưu trên máy, mã hóa', 'kept, encrypted']} />
      <Arrow x1={458} y={65} x2={586} dashed />
      <g>
        <line x1={508} y1={48} x2={536} y2={82} stroke={ACCENT} strokeWidth={3} />
        <line x1={536} y1={48} x2={508} y2={82} stroke={ACCENT} strokeWidth={3} />
        <text x={522} y={112} textAnchor="middle" fontSize={11} fill={MUTED}>
          mất mạng / offline
        </text>
      </g>
      <Box x={590} y={30} w={162} h={70} lines={['Hệ thống tỉnh', 'tự gửi khi có mạng', 'sent when back online']} />
    </Figure>
  );
}

function Key({ x, label }: { x: number; label: string }) {
  const w = Math.max(44, label.length * 11 + 16);
  return (
    <g>
      <rect x={x} y={14} width={w} height={36} rx={6} fill={PAPER} stroke={INK} strokeWidth={1.5} />
      <rect x={x + 3} y={17} width={w - 6} height={26} rx={4} fill={SOFT} />
      <text x={x + w / 2} y={37} textAnchor="middle" fontSize={14} fontWeight={600} fill={INK}>
        {label}
      </text>
    </g>
  );
}

/** The keys an officer uses all day. */
export function KeysDiagram() {
  const keys = ['F1', 'F2', 'F3', 'Ctrl+L', 'Esc'];
  let x = 8;
  return (
    <Figure title="Phím tắt / Keyboard shortcuts" width={760} height={64}>
      {keys.map((k) => {
        const at = x;
        x += Math.max(44, k.length * 11 + 16) + 24;
        return <Key key={k} x={at} label={k} />;
      })}
    </Figure>
  );
}
