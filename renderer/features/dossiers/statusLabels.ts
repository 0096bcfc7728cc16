// TrangThaiHoSo labels (docs/domain/statuses-and-sync.md). The codes are shared by several provincial systems
// but no official specification was found, so the labels are data, replaceable by sync.
import type { StatusCode } from '#domain/model.ts';
import statusMap from '#domain/status-codes.json';

const labels = statusMap.statuses as Record<string, { vi: string; en: string }>;

export const STATUS_CODES = Object.keys(labels).map(Number) as StatusCode[];

export function statusLabel(code: StatusCode, language: 'vi' | 'en' = 'vi'): string {
  return labels[String(code)]?.[language] ?? String(code);
}
