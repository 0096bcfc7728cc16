// Cài đặt → Chữ ký số: which of main's PKCS#11 modules to use, the administrator's own modules and
// the timestamp server (main's privileged settings, changed through proposals), the CA
// certificates the desk trusts, the office seal, and the training token.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { AdminChangeStatus, NotYetApproved, useAdminSettings } from '../settings/useAdminSettings.tsx';
import { sameAddress } from '../settings/adminChanges.ts';
import { DEFAULT_SIGNING, forgetLegacySigning, loadSigningConfig, saveSigningConfig, type SigningConfig } from './signingConfig.ts';
import type { InstalledModule } from '#preload/wire/tokens.ts';

/** A kept module path has no vendor name: its file name stands in for one. */
const vendorOf = (path: string) => path.split(/[\\/]/).pop() || path;

export function SigningSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const admin = useAdminSettings();
  const [config, setConfig] = useState<SigningConfig>(DEFAULT_SIGNING);
  const [found, setFound] = useState<InstalledModule[]>([]);
  const [tsa, setTsa] = useState('');
  const [added, setAdded] = useState({ vendor: '', path: '' });
  const { notice, run } = useNotice();

  const refreshModules = () => desk['sign.modules']({}).then(setFound, () => setFound([]));
  useEffect(() => {
    void loadSigningConfig(db).then(setConfig);
    void refreshModules();
  }, [db]);
  useEffect(() => setTsa(admin.view?.tsaUrl ?? ''), [admin.view?.tsaUrl]);

  const view = admin.view;
  const dialog = view?.approval === 'dialog';
  const reloadLegacy = async () => {
    const stored = await loadSigningConfig(db);
    setConfig((c) => ({ ...c, legacy: stored.legacy }));
  };
  const forget = async (drop: { module: string } | { tsaUrl: true }) => {
    await forgetLegacySigning(db, drop);
    await reloadLegacy();
  };
  const afterModules = async () => {
    await refreshModules();
  };
  const legacyModules = config.legacy.modules.filter((p) => !found.some((m) => m.path === p));
  const legacyTsa = config.legacy.tsaUrl && !(view?.tsaUrl && sameAddress(view.tsaUrl, config.legacy.tsaUrl)) ? config.legacy.tsaUrl : null;

  async function addAnchors(files: FileList | null) {
    const anchors = await Promise.all(Array.from(files ?? []).map(async (f) => ({ name: f.name, file: new Uint8Array(await f.arrayBuffer()) })));
    setConfig((c) => ({ ...c, trustAnchors: [...c.trustAnchors, ...anchors] }));
  }

  async function setSeal(file: File | undefined) {
    if (!file) return;
    const sealImage = new Uint8Array(await file.arrayBuffer());
    setConfig((c) => ({ ...c, sealImage }));
  }

  function toggle(id: string, on: boolean) {
    setConfig((c) => ({ ...c, moduleIds: on ? [...new Set([...c.moduleIds, id])] : c.moduleIds.filter((x) => x !== id) }));
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await saveSigningConfig(db, config, officer.id);
      return { vi: 'Đã lưu.', en: 'Saved.' };
    });
  }

  const siteIds = new Set(view?.pkcs11Modules.map((m) => m.id));

  return (
    <form onSubmit={save} aria-label={t('sign.settings')}>
      <h2>{t('sign.settings')}</h2>
      <fieldset disabled={disabled} style={{ border: 'none', padding: 0 }}>
        <h3>{t('sign.modules')}</h3>
        <ul data-testid="pkcs11-modules">
          {found.map((m) => (
            <li key={`${m.id}-${m.path}`}>
              <label className="check">
                <input type="checkbox" name={`module-${m.id}`} checked={config.moduleIds.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
                {m.vendor} <code>{m.path}</code>
              </label>
              {siteIds.has(m.id) && (
                <button type="button" onClick={() => void admin.propose({ kind: 'remove-pkcs11-module', id: m.id }, afterModules)}>
                  {t('admin.remove')}
                </button>
              )}
            </li>
          ))}
          {view &&
            legacyModules.map((path) => (
              <NotYetApproved
                key={path}
                value={path}
                onPropose={() =>
                  void admin.propose(
                    { kind: 'add-pkcs11-module', vendor: vendorOf(path), path },
                    async () => (await afterModules(), await forget({ module: path })),
                  )
                }
                onDiscard={() => void forget({ module: path })}
              />
            ))}
        </ul>
        <div className="grid">
          <Field label={t('admin.vendor')}>
            <input name="pkcs11-vendor" value={added.vendor} onChange={(e) => setAdded({ ...added, vendor: e.target.value })} />
          </Field>
          {!dialog && (
            <Field label={t('admin.modulePath')}>
              <input
                name="pkcs11-path"
                placeholder="C:\Windows\System32\vnptca_p11_v10.dll"
                value={added.path}
                onChange={(e) => setAdded({ ...added, path: e.target.value })}
              />
            </Field>
          )}
        </div>
        <div className="actions">
          <button
            type="button"
            disabled={!added.vendor.trim() || (!dialog && !added.path.trim())}
            onClick={() =>
              void admin.propose(
                { kind: 'add-pkcs11-module', vendor: added.vendor.trim(), ...(dialog ? {} : { path: added.path.trim() }) },
                async () => (setAdded({ vendor: '', path: '' }), await afterModules()),
              )
            }
          >
            {dialog ? t('admin.pickModule') : t('admin.addModule')}
          </button>
        </div>
        <div className="grid">
          <Field label={t('sign.tsa')}>
            <input name="tsa-url" placeholder="http://tsa.example.vn/" value={tsa} onChange={(e) => setTsa(e.target.value)} />
          </Field>
        </div>
        {view && legacyTsa && (
          <ul>
            <NotYetApproved
              value={legacyTsa}
              onPropose={() => void admin.propose({ kind: 'set-tsa', url: legacyTsa }, () => forget({ tsaUrl: true }))}
              onDiscard={() => void forget({ tsaUrl: true })}
            />
          </ul>
        )}
        <div className="actions">
          <button type="button" disabled={!view} onClick={() => void admin.propose(tsa.trim() ? { kind: 'set-tsa', url: tsa.trim() } : { kind: 'clear-tsa' })}>
            {t('admin.proposeTsa')}
          </button>
        </div>
        <AdminChangeStatus admin={admin} />
        <label className="check">
          <input type="checkbox" name="emulator" checked={config.emulator} onChange={(e) => setConfig({ ...config, emulator: e.target.checked })} />
          {t('sign.emulator')}
        </label>
        <h3>{t('sign.anchors')}</h3>
        <ul>
          {config.trustAnchors.map((a, i) => (
            <li key={`${a.name}-${i}`}>
              {a.name}{' '}
              <button type="button" onClick={() => setConfig({ ...config, trustAnchors: config.trustAnchors.filter((_, j) => j !== i) })}>
                {t('sign.removeAnchor')}
              </button>
            </li>
          ))}
        </ul>
        <Field label={t('sign.addAnchor')}>
          <input type="file" name="trust-anchor" accept=".cer,.crt,.pem,.der" multiple onChange={(e) => void addAnchors(e.target.files)} />
        </Field>
        <Field label={config.sealImage ? `${t('sign.seal')} ✔` : t('sign.seal')}>
          <input type="file" name="seal-image" accept="image/png,image/jpeg" onChange={(e) => void setSeal(e.target.files?.[0])} />
        </Field>
        <div className="actions">
          <button type="submit">{t('sign.save')}</button>
        </div>
      </fieldset>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
    </form>
  );
}
