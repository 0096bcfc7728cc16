// Cài đặt → Đồng bộ: the provincial endpoint and its CA (main's privileged settings, changed
// through a proposal the administrator approves on main's side), a connection test, and the desk's
// registration with a one-time code from the province (the desk's own key, no password).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { readState, type DeskIdentity } from '#renderer/sync/state.ts';
import { AdminChangeStatus, NotYetApproved, useAdminSettings } from '../settings/useAdminSettings.tsx';
import { sameAddress } from '../settings/adminChanges.ts';
import { forgetLegacySync, loadLegacySync, type LegacySync } from './syncConfig.ts';
import { linkFetch } from './linkFetch.ts';
import type { DeskSync } from './useDeskSync.ts';

export function SyncSettings({ sync, disabled }: { sync: DeskSync; disabled: boolean }) {
  const { t } = useTranslation();
  const { db, settings } = useDesk();
  const admin = useAdminSettings();
  const [legacy, setLegacy] = useState<LegacySync>({ endpoint: null, ca: [] });
  const [endpoint, setEndpoint] = useState('');
  const [ca, setCa] = useState<{ name: string; pem: string }[]>([]);
  const [code, setCode] = useState('');
  const [identity, setIdentity] = useState<DeskIdentity | null>(null);
  const { notice, run } = useNotice();

  useEffect(() => {
    void loadLegacySync(db).then(setLegacy);
    void readState(db, 'identity').then((i) => setIdentity(i ?? null));
  }, [db, sync.engine]);
  const approved = admin.view?.provincial ?? null;
  useEffect(() => setEndpoint(approved?.endpoint ?? ''), [approved?.endpoint]);

  const legacyEndpoint = legacy.endpoint && !(approved && sameAddress(approved.endpoint, legacy.endpoint)) ? legacy.endpoint : null;

  const afterChange = async () => {
    await forgetLegacySync(db);
    setLegacy({ endpoint: null, ca: [] });
    setCa([]);
    sync.reload();
  };

  function propose(e: FormEvent) {
    e.preventDefault();
    const value = endpoint.trim().replace(/\/+$/, '');
    void admin.propose(
      value ? { kind: 'set-provincial', endpoint: value, ca: (ca.length ? ca : (approved?.ca ?? [])).map((c) => c.pem) } : { kind: 'clear-provincial' },
      afterChange,
    );
  }

  const test = () =>
    run(async () => {
      if (!approved) throw new Error('no endpoint');
      const res = await linkFetch(`${approved.endpoint.replace(/\/+$/, '')}/health`);
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
    setCa((c) => [...c, ...added]);
  }

  return (
    <form onSubmit={propose} aria-label={t('sync.settings')}>
      <h2>{t('sync.settings')}</h2>
      <fieldset disabled={disabled || !admin.view} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          <Field label={t('sync.endpoint')}>
            <input name="sync-endpoint" placeholder="https://motcua.tinh.gov.vn/api" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
          </Field>
          <Field label={t('sync.ca')}>
            <input type="file" name="sync-ca" accept=".pem,.crt,.cer" multiple onChange={(e) => void addCa(e.target.files)} />
          </Field>
        </div>
        {(ca.length > 0 || (approved?.ca.length ?? 0) > 0) && (
          <p>{ca.length > 0 ? ca.map((c) => c.name).join(', ') : approved!.ca.map((c) => c.subject).join('; ')}</p>
        )}
        {admin.view && legacyEndpoint && (
          <ul>
            <NotYetApproved
              value={legacy.ca.length ? `${legacyEndpoint} (+ ${legacy.ca.map((c) => c.name).join(', ')})` : legacyEndpoint}
              onPropose={() => void admin.propose({ kind: 'set-provincial', endpoint: legacyEndpoint, ca: legacy.ca.map((c) => c.pem) }, afterChange)}
              onDiscard={() => void forgetLegacySync(db).then(() => setLegacy({ endpoint: null, ca: [] }))}
            />
          </ul>
        )}
        <div className="actions">
          <button type="button" onClick={() => void test()} disabled={!approved}>
            {t('sync.test')}
          </button>
          <button type="submit">{t('sync.save')}</button>
        </div>
        <AdminChangeStatus admin={admin} />
        <h3>{t('sync.registration')}</h3>
        {identity ? (
          <p data-testid="sync-identity">
            {t('sync.registered', { desk: identity.deskId, agency: identity.agencyId })} · {t('sync.keyExpires')} {formatDeskDateTime(identity.keyExpiresAt)}
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
