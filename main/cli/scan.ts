// `desk scanners`: the scanners this desk can use, one per line, id first, then the model
// (network scanners are asked for it); a configured network scanner that does not answer is
// listed with "không phản hồi / not answering".
// `desk scan --device ID --out FILE.pdf [--source flatbed|feeder|duplex] [--mode color|gray|bw] [--dpi N]`:
// scans through the same backends and page pipeline as the app, into one PDF written page by
// page as the pages come (a 300-page feeder batch never sits in memory).
// Exit 0 done, 1 the scanner failed (pages already scanned are still written), 2 bad invocation.
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { createConfiguredScanners } from '../scan/config.ts';
import { DEFAULT_SCAN_REQUEST, type ScanRequest } from '../scan/types.ts';
import { COLOR_MODES, SCAN_SOURCES } from '#preload/wire/scan.ts';
import { processPage } from '../scan/pipeline/process.ts';
import { ComponentPdfWriter } from '../scan/pipeline/pdfStream.ts';
import { reportBadInput } from './holidays.ts';
import type { CliCommand } from './io.ts';

const USAGE = 'Cách dùng / Usage: desk scan --device ID --out FILE.pdf [--source flatbed|feeder|duplex] [--mode color|gray|bw] [--dpi N]';

export const listScanners: CliCommand = async (_args, io) => {
  const scanners = await createConfiguredScanners();
  try {
    const { devices, failures } = await scanners.listDevices();
    for (const d of devices) io.out(`${d.id}\t${d.name}${d.unreachable ? '\tkhông phản hồi / not answering' : ''}`);
    for (const f of failures) io.err(`${f.backend}: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
    if (devices.length === 0) io.err('Không tìm thấy máy quét nào / no scanner found.');
    return 0;
  } finally {
    await Promise.all(scanners.backends.map(async (b) => b.close?.()));
  }
};

function requestFrom(values: { source?: string; mode?: string; dpi?: string }): ScanRequest {
  const source = SCAN_SOURCES.find((s) => s === (values.source ?? DEFAULT_SCAN_REQUEST.source));
  const mode = COLOR_MODES.find((m) => m === (values.mode ?? DEFAULT_SCAN_REQUEST.mode));
  const dpi = Number(values.dpi ?? DEFAULT_SCAN_REQUEST.dpi);
  if (!source || !mode || !Number.isInteger(dpi) || dpi < 50 || dpi > 1200) {
    throw new DeskError('cli.bad-scan-options', {
      vi: `Tùy chọn quét không hợp lệ. ${USAGE}`,
      en: `Invalid scan options. ${USAGE}`,
    });
  }
  return { source, mode, dpi };
}

export const scan: CliCommand = async (args, io) => {
  let request: ScanRequest;
  let device: string;
  let out: string;
  try {
    const { values } = parseArgs({
      args,
      options: { device: { type: 'string' }, out: { type: 'string' }, source: { type: 'string' }, mode: { type: 'string' }, dpi: { type: 'string' } },
    });
    if (!values.device || !values.out) throw new DeskError('cli.usage', { vi: USAGE, en: USAGE });
    request = requestFrom(values);
    device = values.device;
    out = values.out;
  } catch (e) {
    return reportBadInput(e instanceof DeskError ? e : new DeskError('cli.usage', { vi: USAGE, en: USAGE }), io);
  }
  const scanners = await createConfiguredScanners();
  // Opened at the first page: a scan that yields none leaves no file.
  let pdf: ComponentPdfWriter | null = null;
  let failure: unknown = null;
  try {
    const backend = scanners.backendFor(device);
    for await (const raw of backend.scan(device, request, new AbortController().signal)) {
      const page = await processPage(raw);
      pdf ??= await ComponentPdfWriter.create(out, { component: `Bản quét ${device}`, scannedAt: new Date().toISOString() });
      await pdf.add(page);
      io.err(`trang / page ${pdf.pages}`);
    }
  } catch (e) {
    failure = e;
  } finally {
    await Promise.all(scanners.backends.map(async (b) => b.close?.()));
  }
  // Pages already scanned are kept even when the scanner fails mid-batch.
  let pages = 0;
  if (pdf && pdf.pages > 0) pages = (await pdf.close()).pages;
  else if (pdf) {
    // Its first page failed to be written: no PDF rather than a broken one.
    await pdf.close().catch(() => undefined);
    await rm(out, { force: true });
  }
  if (pages > 0) io.out(`${out}: ${pages} trang / pages`);
  if (failure) {
    const text = isDeskError(failure) ? failure.text : { vi: String(failure), en: String(failure) };
    io.err(text.vi);
    io.err(text.en);
    return 1;
  }
  return pages > 0 ? 0 : 1;
};
