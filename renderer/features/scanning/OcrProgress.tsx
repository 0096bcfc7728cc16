// The text recognition of one component's saved PDFs, page by page, with a cancel: shown in the
// scan panel while main works in its own thread and the officer goes on with reception. A run
// that failed or was cancelled can be run again from here, on the file as it is stored.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '#renderer/app/host.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { cancelOcr, dismissOcr, mayRunAgain, ocrTasks, runOcrAgain, subscribeOcr, type OcrTask } from './ocrJobs.ts';

const SAVED = {
  vi: 'Đã thêm lớp chữ vào tệp PDF: tìm kiếm được nội dung.',
  en: 'A text layer was added to the PDF: its content can be searched.',
};

function Task({ task }: { task: OcrTask }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const active = task.state === 'queued' || task.state === 'running';
  return (
    <div className="ocr-task" data-testid="ocr-task" data-state={task.state}>
      {active && (
        <>
          <label className="ocr-progress">
            <span>{task.state === 'queued' ? t('scan.ocr.queued') : t('scan.ocr.running', { done: task.pagesDone, pages: task.pages })}</span>
            <progress max={Math.max(1, task.pages)} value={task.pagesDone} aria-label={t('scan.ocr.title')} />
          </label>
          <button onClick={() => void cancelOcr(desk, task.fileId)}>{t('scan.ocr.cancel')}</button>
        </>
      )}
      {!active && (
        <>
          <Alert kind={task.state === 'saved' ? 'ok' : task.state === 'failed' ? 'error' : 'info'} text={task.message ?? SAVED} />
          {mayRunAgain(task) && <button onClick={() => void runOcrAgain(desk, db, task.fileId, officer)}>{t('scan.ocr.again')}</button>}
          <button onClick={() => dismissOcr(task.fileId)}>{t('scan.ocr.dismiss')}</button>
        </>
      )}
    </div>
  );
}

export function OcrProgress({ dossierId, specId }: { dossierId: string; specId: string }) {
  const { t } = useTranslation();
  const tasks = useSyncExternalStore(subscribeOcr, ocrTasks).filter((task) => task.dossierId === dossierId && task.specId === specId);
  if (tasks.length === 0) return null;
  return (
    <section className="ocr" aria-label={t('scan.ocr.title')}>
      {tasks.map((task) => (
        <Task key={task.fileId} task={task} />
      ))}
    </section>
  );
}
