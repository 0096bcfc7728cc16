// Realistic synthetic scanner pages for the pipeline's tests and the scanning benchmark:
// an A4 text page (Vietnamese, 13 pt Liberation Serif, a little blur and sensor noise), a grey
// photo-like page, a colour page with a red seal, and near-blank feeder back sides.
// Not used by the app itself.
import { seededRandom } from '#domain/seededRandom.ts';
import sharp from 'sharp';

export const A4_MM = { width: 210, height: 297 } as const;

export function a4Pixels(dpi: number): { width: number; height: number } {
  return { width: Math.round((A4_MM.width / 25.4) * dpi), height: Math.round((A4_MM.height / 25.4) * dpi) };
}

const LINES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'TỜ KHAI ĐĂNG KÝ KHAI SINH',
  'Kính gửi: Ủy ban nhân dân xã Tân Phước, tỉnh Đồng Tháp',
  'Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Thu Hương',
  'Nơi cư trú: Số 12, đường Lê Lợi, ấp Phước Hòa, xã Tân Phước',
  'Giấy tờ tùy thân: Căn cước số 087190012345 cấp ngày 15/03/2021',
  'Quan hệ với người được khai sinh: Mẹ đẻ',
  'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:',
  'Họ, chữ đệm, tên: Trần Minh Khôi     Giới tính: Nam',
  'Ngày, tháng, năm sinh: 02/11/2026 (ghi bằng chữ: ngày hai tháng mười một)',
  'Nơi sinh: Bệnh viện Đa khoa Đồng Tháp     Dân tộc: Kinh     Quốc tịch: Việt Nam',
  'Quê quán: xã Tân Phước, tỉnh Đồng Tháp',
  'Họ, chữ đệm, tên người mẹ: Nguyễn Thị Thu Hương     Năm sinh: 1990',
  'Họ, chữ đệm, tên người cha: Trần Văn Phúc     Năm sinh: 1988',
  'Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật,',
  'được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật.',
  'Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.',
  'Đề nghị cấp bản sao Trích lục khai sinh: Có, số lượng: 02 bản',
  'Làm tại: xã Tân Phước, ngày 20 tháng 11 năm 2026',
];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * SVG text block: `lines` lines of 13 pt serif text (Times metrics, as administrative
 * documents are set under NĐ 30/2020) starting at `topMm`, left margin 30 mm.
 */
function textSvg(dpi: number, lines: number, topMm: number, seed: number, fill = '#141414'): string {
  const px = (mm: number) => (mm / 25.4) * dpi;
  const size = (13 / 72) * dpi;
  const lead = size * 1.4;
  let out = '';
  for (let i = 0; i < lines; i++) {
    const text = LINES[(i + seed) % LINES.length]!;
    const bold = i % 7 === 0 ? ' font-weight="bold"' : '';
    out += `<text x="${px(30).toFixed(1)}" y="${(px(topMm) + i * lead).toFixed(1)}" font-family="Liberation Serif, Noto Serif, DejaVu Serif" font-size="${size.toFixed(1)}"${bold} fill="${fill}">${esc(text)}</text>`;
  }
  return out;
}

function svgPage(dpi: number, body: string, paper = '#f3f2ee'): Buffer {
  const { width, height } = a4Pixels(dpi);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#202020"/><stop offset="0.5" stop-color="#9a9a9a"/><stop offset="1" stop-color="#e0e0e0"/></linearGradient>` +
      `<radialGradient id="r"><stop offset="0" stop-color="#dddddd"/><stop offset="1" stop-color="#3a3a3a"/></radialGradient></defs>` +
      `<rect width="100%" height="100%" fill="${paper}"/>${body}</svg>`,
  );
}

/** Adds sensor-like noise (uniform sum ≈ gaussian, sigma ≈ `sigma`) in place. */
function addNoise(pixels: Buffer, sigma: number, seed: number): void {
  const r = seededRandom(seed);
  const k = sigma * 2; // sum of two uniforms in [-0.5,0.5] has sigma ≈ 0.41
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]! + (r() + r() - 1) * k * 1.22;
    pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

async function scanLike(svg: Buffer, channels: 1 | 3, noise: number, seed: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  let img = sharp(svg, { density: 72 }).blur(0.6);
  img = channels === 1 ? img.greyscale().toColourspace('b-w') : img.removeAlpha();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  if (noise > 0) addNoise(data, noise, seed);
  const out = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const typed = channels === 1 ? out.toColourspace('b-w') : out;
  return format === 'png' ? typed.png({ compressionLevel: 3 }).toBuffer() : typed.jpeg({ quality: 92 }).toBuffer();
}

/**
 * text: a typical form page (28 lines of 13 pt and a signature block); dense: a page filled
 * edge to edge (36 lines); photo: grey gradients (an ID-card copy); seal: colour text page
 * with a red seal; sparse: one short line (not blank); blank: a feeder back side.
 */
export type TestPageKind = 'text' | 'dense' | 'photo' | 'seal' | 'blank' | 'sparse';

export interface TestPageOptions {
  dpi?: number;
  /** 1 = grey scanner output, 3 = colour. */
  channels?: 1 | 3;
  seed?: number;
  format?: 'png' | 'jpeg';
  /** Sensor noise sigma in grey levels. */
  noise?: number;
}

/**
 * The words printed on a 'text' page of `seed`, line by line in reading order: the ground
 * truth against which OCR is measured (main/ocr/, bench/ocr.ts).
 */
export function testPageText(seed = 1): string[] {
  const body = Array.from({ length: 28 }, (_, i) => LINES[(i + seed) % LINES.length]!);
  return [...body, 'NGƯỜI YÊU CẦU', 'Nguyễn Thị Thu Hương'];
}

/** A scanner-like A4 page as encoded bytes. */
export async function makeTestPage(kind: TestPageKind, opts: TestPageOptions = {}): Promise<Buffer> {
  const dpi = opts.dpi ?? 300;
  const seed = opts.seed ?? 1;
  const channels = opts.channels ?? (kind === 'seal' ? 3 : 1);
  const format = opts.format ?? 'png';
  const noise = opts.noise ?? 4;
  const px = (mm: number) => ((mm / 25.4) * dpi).toFixed(1);
  let body = '';
  switch (kind) {
    case 'text':
      body =
        textSvg(dpi, 28, 22, seed) +
        `<text x="${px(130)}" y="${px(225)}" font-family="Liberation Serif" font-weight="bold" font-size="${px(4.6)}">NGƯỜI YÊU CẦU</text>` +
        `<path d="M ${px(128)} ${px(245)} c ${px(8)} ${px(-12)} ${px(14)} ${px(10)} ${px(24)} ${px(-4)} s ${px(10)} ${px(6)} ${px(18)} ${px(-2)}" fill="none" stroke="#202020" stroke-width="${px(0.5)}"/>` +
        `<text x="${px(132)}" y="${px(262)}" font-family="Liberation Serif" font-size="${px(4.6)}">Nguyễn Thị Thu Hương</text>`;
      break;
    case 'dense':
      body = textSvg(dpi, 36, 20, seed);
      break;
    case 'photo':
      body =
        textSvg(dpi, 6, 20, seed) +
        `<rect x="${px(20)}" y="${px(60)}" width="${px(170)}" height="${px(110)}" fill="url(#g)"/>` +
        `<circle cx="${px(105)}" cy="${px(225)}" r="${px(55)}" fill="url(#r)"/>`;
      break;
    case 'seal':
      body =
        textSvg(dpi, 24, 25, seed) +
        `<circle cx="${px(140)}" cy="${px(240)}" r="${px(20)}" fill="none" stroke="#d0202a" stroke-width="${px(1.6)}"/>` +
        `<circle cx="${px(140)}" cy="${px(240)}" r="${px(14)}" fill="none" stroke="#d0202a" stroke-width="${px(0.6)}"/>` +
        `<text x="${px(140)}" y="${px(242)}" text-anchor="middle" font-family="DejaVu Sans" font-size="${px(4)}" fill="#d0202a">UBND XÃ</text>`;
      break;
    case 'sparse':
      // A nearly empty page that is NOT blank: one short handwritten-like line and a page number.
      body = `<text x="${px(30)}" y="${px(60)}" font-family="DejaVu Sans" font-size="${px(4)}" fill="#303030">Đã nhận đủ hồ sơ.</text>`;
      break;
    case 'blank': {
      // A feeder back side: faint show-through, a few dust specks and a hair.
      const r = seededRandom(seed * 7919);
      body = `<g opacity="0.06">${textSvg(dpi, 20, 30, seed)}</g>`;
      for (let i = 0; i < 12; i++) {
        body += `<circle cx="${(r() * 180 + 15).toFixed(1)}mm" cy="${(r() * 260 + 15).toFixed(1)}mm" r="${(0.08 + r() * 0.1).toFixed(2)}mm" fill="#202020"/>`;
      }
      body = body.replace(/(\d+(?:\.\d+)?)mm/g, (_m, v: string) => px(Number(v)));
      break;
    }
  }
  return scanLike(svgPage(dpi, body), channels, noise, seed, format);
}
