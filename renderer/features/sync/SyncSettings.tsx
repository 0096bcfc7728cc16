// Cài đặt → Đồng bộ: the provincial endpoint and its CA, a connection test, and the desk's
// registration with a one-time code from the province (the desk's own key, no password).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../../domain/errors.ts';
import { formatVietnameseDateTime } from '../../../domain/deskTime.ts';
import { useDesk } from '../../app/DeskContext.tsx';
import { Alert, toBilingual } from '../../ui/Message.tsx';
import { Field } from '../../ui/Field.tsx';
import { readState, type DeskIdentity } from '../../sync/state.ts';
import { DEFAULT_SYNC, loadSyncConfig, saveSyncConfig, type SyncConfig } from './syncConfig.ts';
import { linkFetch } from './linkFetch.ts';
import type { DeskSync } from './useDeskSync.ts';

export function SyncSettings({ sync, disabled }: { sync: DeskSync; disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer, settings } = useDesk();
  const [config, setConfig] = useState<SyncConfig>(DEFAULT_SYNC);
  const [endpoint, setEndpoint] = useState('');
  const [code, setCode] = useState('');
  const [identity, setIdentity] = useState<DeskIdentity | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: Bilingual } | null>(null);

  useEffect(() => {
    void loadSyncConfig(db).then((c) => (setConfig(c), setEndpoint(c.endpoint ?? '')));
    void readState(db, 'identity').then((i) => setIdentity(i ?? null));
  }, [db, sync.engine]);

  async function run(action: () => Promise<Bilingual>) {
    setNotice(null);
    try {
      setNotice({ kind: 'ok', text: await action() });
    } catch (e) {
      setNotice({ kind: 'error', text: toBilingual(e) });
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const next = { ...config, endpoint: endpoint.trim().replace(/\/+$/, '') || null };
      await saveSyncConfig(db, next, officer.id);
      setConfig(next);
      sync.reload();
      return { vi: 'Đã lưu.', en: 'Saved.' };
    });
  }

  const test = () =>
    run(async () => {
      if (!config.endpoint) throw new Error('no endpoint');
      const res = await linkFetch(`${config.endpoint}/health`);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return { vi: 'Kết nối tới hệ thống của tỉnh thành công.', en: 'The provincial system answered.' };
    });

  const enrol = () =>
    run(async () => {
      if (!sync.engine) throw new Error('no engine');
      const done = await sync.engine.enrol(code, `${settings.officeName} — ${t('setup.deskNumber')} ${settings.deskNumber}`);
      setCode('');
      setIdentity((await readState(db, 'identity')) ?? null);
      sync.reload();
      return { vi: `Đã đăng ký máy với tỉnh (mã máy ${done.deskId}).`, en: `This desk is registered (desk ${done.deskId}).` };
    });

  async function addCa(files: FileList | null) {
    const added = await Promise.all(Array.from(files ?? []).map(async (f) => ({ name: f.name, pem: await f.text() })));
    setConfig((c) => ({ ...c, ca: [...c.ca, ...added] }));
  }

  return (
    <form onSubmit={save} aria-label={t('sync.settings')}>
      <h2>{t('sync.settings')}</h2>
      <fieldset disabled={disabled} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          <Field label={t('sync.endpoint')}>
            <input name="sync-endpoint" placeholder="https://motcua.tinh.gov.vn/api" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
          </Field>
          <Field label={t('sync.ca')}>
            <input type="file" name="sync-ca" accept=".pem,.crt,.cer" multiple onChange={(e) => void addCa(e.target.files)} />
          </Field>
        </div>
        {config.ca.length > 0 && <p>{config.ca.map((c) => c.name).join(', ')}</p>}
        <div className="actions">
          <button type="button" onClick={() => void test()} disabled={!config.endpoint}>
            {t('sync.test')}
          </button>
          <button type="submit">{t('sync.save')}</button>
        </div>
        <h3>{t('sync.registration')}</h3>
        {identity ? (
          <p data-testid="sync-identity">
            {t('sync.registered', { desk: identity.deskId, agency: identity.agencyId })} · {t('sync.keyExpires')} {formatVietnameseDateTime(identity.keyExpiresAt)}
          </p>
        ) : (
          <p>{t('sync.notRegistered')}</p>
        )}
        <div className="grid">
          <Field label={t('sync.code')}>
            <input name="enrolment-code" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void enrol()} disabled={!sync.engine || code.trim().length < 4}>
            {t('sync.enrol')}
          </button>
        </div>
      </fieldset>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
    </form>
  );
}
