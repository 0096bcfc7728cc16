// Keeps the reception form as the signed-in officer's draft while they work: given back when the
// screen opens (after F3, Settings, a reload, a sign-out or a restart), saved on every change,
// and written once more when the page is hidden or closed and when the screen goes away, so a
// reload right after a keystroke loses nothing. Saves start at once rather than after a
// debounce: a sealed row of a few kilobytes is cheap, and a write not yet started is what a
// reload loses. A save already running is followed by one more with the latest form, never by
// one per keystroke queued behind it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bilingual } from '#domain/errors.ts';
import { deskDate } from '#domain/deskTime.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { toBilingual } from '#renderer/ui/Message.tsx';
import type { Notice } from '#renderer/ui/useNotice.ts';
import { proceduresForReception } from '../catalog/inForce.ts';
import { recheckReuse } from '../digitisation/reuse.ts';
import {
  EMPTY_FORM,
  colleagueDrafts,
  colleagueNotice,
  discardDraft,
  loadDraft,
  restoreDraft,
  saveDraft,
  toDraftRow,
  type ReceptionForm,
} from './receptionDraft.ts';

/** What a save would store, to tell a change from a form put back as it was. */
const contentOf = (form: ReceptionForm) => JSON.stringify(toDraftRow('', form, new Date(0)).form);

export interface ReceptionDraftState {
  /** Restored, not restorable, a colleague's draft on this desk, a save that failed. */
  notices: Notice[];
  /** When the form on screen was last saved; null while there is nothing to keep. */
  savedAt: string | null;
  /** Removes the officer's draft; the screen clears its form. */
  discard(): Promise<void>;
}

/**
 * `live`: the form is a dossier being entered (not decided, not being decided); the draft is
 * saved only then, so a decision that deletes it is not followed by a save that brings it back.
 * `restore` puts a draft back on the form; it is called at most once per screen.
 */
export function useReceptionDraft(
  db: DeskDb,
  officerId: string,
  form: ReceptionForm,
  live: boolean,
  restore: (form: ReceptionForm) => void,
): ReceptionDraftState {
  const [ready, setReady] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [failure, setFailure] = useState<Bilingual | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const latest = useRef({ form, live: live && ready });
  const restoreRef = useRef(restore);
  const running = useRef(false);
  const dirty = useRef(false);
  // What the store holds for this officer as far as the screen knows; blank until a draft is read.
  const stored = useRef<string | null>(contentOf(EMPTY_FORM));

  useEffect(() => {
    restoreRef.current = restore;
  });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const found: Notice[] = [];
      try {
        const [row, others, procedures] = await Promise.all([loadDraft(db, officerId), colleagueDrafts(db, officerId), proceduresForReception(db, new Date())]);
        if (cancelled) return;
        if (row) {
          const restored = restoreDraft(row, procedures);
          if ('unreadable' in restored) found.push({ kind: 'error', text: restored.unreadable });
          else {
            // A paper chosen for reuse may have expired or gone since: never given back unchecked.
            const reuse = await recheckReuse(db, restored.form, deskDate(new Date()));
            if (cancelled) return;
            const form = { ...restored.form, reuse: reuse.reuse, components: reuse.components };
            restoreRef.current(form);
            // As read: a choice dropped just now differs from it, so the draft is saved without it.
            stored.current = contentOf(restored.form);
            setSavedAt(restored.savedAt);
            found.push({ kind: 'info', text: restored.notice });
            if (reuse.notice) found.push({ kind: 'error', text: reuse.notice });
          }
        }
        const names = await db.officers.bulkGet(others.map((o) => o.officerId));
        const colleagues = colleagueNotice(others.map((o, i) => ({ name: names[i]?.fullName ?? o.officerId, savedAt: o.savedAt })));
        if (colleagues) found.push({ kind: 'info', text: colleagues });
      } catch (e) {
        found.push({ kind: 'error', text: toBilingual(e) });
      }
      if (cancelled) return;
      setNotices(found);
      setReady(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [db, officerId]);

  const save = useCallback(() => {
    if (!latest.current.live) return;
    dirty.current = true;
    if (running.current) return;
    running.current = true;
    void (async () => {
      while (dirty.current && latest.current.live) {
        dirty.current = false;
        const { form } = latest.current;
        // The restored form, or one edited back to what is stored, keeps its save time.
        if (contentOf(form) === stored.current) continue;
        try {
          setSavedAt(await saveDraft(db, officerId, form));
          stored.current = contentOf(form);
          setFailure(null);
        } catch (e) {
          setFailure(toBilingual(e));
        }
      }
      running.current = false;
    })();
  }, [db, officerId]);

  // The write a closing page must not lose: started now, it is ordered after any running one.
  const flush = useCallback(() => {
    if (!latest.current.live || !dirty.current) return;
    dirty.current = false;
    void saveDraft(db, officerId, latest.current.form).catch(() => undefined);
  }, [db, officerId]);

  useEffect(() => {
    latest.current = { form, live: live && ready };
    save();
  }, [form, live, ready, save]);

  // A decided dossier has nothing left to say about its draft.
  useEffect(() => {
    if (!live) setNotices([]);
  }, [live]);

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [flush]);

  const discard = useCallback(async () => {
    dirty.current = false;
    stored.current = contentOf(EMPTY_FORM);
    setNotices([]);
    setSavedAt(null);
    try {
      await discardDraft(db, officerId);
    } catch (e) {
      setFailure(toBilingual(e));
    }
  }, [db, officerId]);

  return { notices: failure ? [...notices, { kind: 'error', text: failure }] : notices, savedAt, discard };
}
