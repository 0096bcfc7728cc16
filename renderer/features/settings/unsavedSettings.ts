// Which Settings fields are changed and not saved, for the one way out of Settings that is not
// on its own screen: the lock screen's 'switch officer', which signs the officer out under the
// lock where Settings' own question cannot be seen. Settings, while shown, provides the answer.
import type { Bilingual } from '#domain/errors.ts';

let source: (() => string[]) | null = null;

/** Settings calls this while it is shown; the function it returns withdraws it. */
export function provideUnsavedSettings(check: () => string[]): () => void {
  source = check;
  return () => {
    if (source === check) source = null;
  };
}

/** The labels of the Settings fields changed and not saved; none when Settings is not shown. */
export function unsavedSettings(): string[] {
  return source?.() ?? [];
}

/** What leaving drops, asked before opening another screen or section, signing out or switching officer. */
export function leaveText(fields: string[], by: { section: string } | 'sign-out' | 'switch'): Bilingual {
  const list = fields.join(', ');
  if (by === 'sign-out')
    return {
      vi: `Mục cài đặt đang mở còn thay đổi chưa lưu (${list}). Đăng xuất sẽ bỏ các thay đổi đó.`,
      en: `The open settings section has unsaved changes (${list}). Signing out discards them.`,
    };
  if (by === 'switch')
    return {
      vi: `Mục cài đặt đang mở còn thay đổi chưa lưu (${list}). Đăng nhập tài khoản khác sẽ bỏ các thay đổi đó; mở khóa để lưu.`,
      en: `The open settings section has unsaved changes (${list}). Signing in as someone else discards them; unlock to save them.`,
    };
  return {
    vi: `Mục này còn thay đổi chưa lưu (${list}). Chuyển sang «${by.section}» sẽ bỏ các thay đổi đó.`,
    en: `This section has unsaved changes (${list}). Opening "${by.section}" discards them.`,
  };
}
