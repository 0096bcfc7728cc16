import type { Bilingual } from '../../domain/errors.ts';
import { isDeskError } from '../../domain/errors.ts';
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

export function toBilingual(e: unknown): Bilingual {
  if (isDeskError(e)) return e.text;
  if (e instanceof DOMException && e.name === 'QuotaExceededError') {
    return {
      vi: 'Bộ nhớ của máy đã đầy: thao tác chưa được lưu. Hãy giải phóng dung lượng rồi thử lại.',
      en: 'This computer\'s storage is full: nothing was saved. Free some space and try again.',
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
