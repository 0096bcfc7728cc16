import type { Bilingual } from '#domain/errors.ts';
import { isDeskError } from '#domain/errors.ts';
import { i18n } from '../i18n/index.ts';

/** Shows a bilingual message: the officer's language first, the other beneath it. */
export function BilingualText({ text }: { text: Bilingual }) {
  const first = i18n.language === 'en' ? text.en : text.vi;
  const second = i18n.language === 'en' ? text.vi : text.en;
  return (
    <>
      <span className="primary">{first}</span>
      <span className="secondary"> {second}</span>
    </>
  );
}

/** A bilingual message as one line, the officer's language first: for a field's error beneath it. */
export function bilingualLine(text: Bilingual): string {
  return i18n.language === 'en' ? `${text.en} / ${text.vi}` : `${text.vi} / ${text.en}`;
}

/** Dexie wraps the browser's error; the cause may sit one or more `inner` levels down. */
function errorNames(e: unknown): string[] {
  const names: string[] = [];
  for (let cur = e as { name?: unknown; inner?: unknown } | null; cur && names.length < 5; cur = cur.inner as typeof cur) {
    if (typeof cur.name === 'string') names.push(cur.name);
  }
  return names;
}

// What IndexedDB raises when the disk is full varies: Chromium reports a failed key-generator
// update as ConstraintError ("Maximum key generator value reached"), a failed commit as
// UnknownError or AbortError. The app's own constraint checks run before the write, as DeskErrors.
const STORAGE_FAILURE = ['QuotaExceededError', 'UnknownError', 'DataError', 'AbortError', 'ConstraintError', 'InvalidStateError', 'DatabaseClosedError'];

export function toBilingual(e: unknown): Bilingual {
  if (isDeskError(e)) return e.text;
  const names = errorNames(e);
  if (names.includes('QuotaExceededError')) {
    return {
      vi: 'Bộ nhớ của máy đã đầy: thao tác chưa được lưu. Hãy giải phóng dung lượng rồi thử lại.',
      en: "This computer's storage is full: nothing was saved. Free some space and try again.",
    };
  }
  if (names.some((n) => STORAGE_FAILURE.includes(n))) {
    return {
      vi: 'Bộ nhớ của máy không ghi được (ổ đĩa đầy hoặc hỏng): thao tác chưa được lưu. Hãy giải phóng dung lượng rồi thử lại.',
      en: "This computer's storage could not be written (disk full or failing): nothing was saved. Free some space and try again.",
    };
  }
  return { vi: 'Đã có lỗi, thao tác chưa được lưu.', en: 'Something went wrong; nothing was saved.' };
}

export function Alert({ kind, text }: { kind: 'error' | 'ok' | 'info'; text: Bilingual }) {
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`alert alert-${kind}`}>
      <BilingualText text={text} />
    </div>
  );
}
