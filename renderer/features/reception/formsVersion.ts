// Which form template version applies on a date. The templates live with the PDF code on
// the main side; the renderer asks for their list once and records the version in force.
import type { FormTemplateVersion } from '#preload/contract.ts';
import { deskDate } from '#domain/deskTime.ts';
import { DeskError } from '#domain/errors.ts';
import { desk } from '#renderer/app/host.ts';

let versions: Promise<FormTemplateVersion[]> | null = null;

export async function formsVersionAt(now: Date): Promise<string> {
  versions ??= desk['forms.versions']({}).catch((e: unknown) => {
    versions = null;
    throw e;
  });
  const day = deskDate(now);
  const inForce = (await versions)
    .filter((v) => v.effectiveFrom <= day)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .at(-1);
  if (!inForce) throw new DeskError('forms.no-version', { vi: 'Chưa có mẫu biểu áp dụng cho ngày này.', en: 'No form template applies on this date.' });
  return inForce.id;
}
