// Cài đặt → Chữ ký số: which PKCS#11 modules to load, the timestamp authority, the CA
// certificates the desk trusts, the office seal, and the training token.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../../domain/errors.ts';
import type { InstalledModule } from '../../../main/token/pkcs11/moduleList.ts';
import { useDesk } from '../../app/DeskContext.tsx';
import { desk } from '../../app/host.ts';
import { Alert, toBilingual } from '../../ui/Message.tsx';
import { Field } from '../../ui/Field.tsx';
import { linesOf } from '../scanning/scannerConfig.ts';
import { DEFAULT_SIGNING, loadSigningConfig, saveSigningConfig, type SigningConfig } from './signingConfig.ts';

export function SigningSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [config, setConfig] = useState<SigningConfig>(DEFAULT_SIGNING);
  const [modulesText, setModulesText] = useState('');
  const [found, setFound] = useState<InstalledModule[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: Bilingual } | null>(null);

  useEffect(() => {
    void loadSigningConfig(db).then((c) => (setConfig(c), setModulesText(c.pkcs11Modules.join('\n'))));
    void desk['sign.modules']({}).then(setFound, () => setFound([]));
  }, [db]);

  async function addAnchors(files: FileList | null) {
    const added = await Promise.all(Array.from(files ?? []).map(async (f) => ({ name: f.name, file: new Uint8Array(await f.arrayBuffer()) })));
    setConfig((c) => ({ ...c, trustAnchors: [...c.trustAnchors, ...added] }));
  }

  async function setSeal(file: File | undefined) {
    if (!file) return;
    const sealImage = new Uint8Array(await file.arrayBuffer());
    setConfig((c) => ({ ...c, sealImage }));
  }

  function save(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const next = { ...config, pkcs11Modules: linesOf(modulesText), tsaUrl: config.tsaUrl?.trim() || null };
    saveSigningConfig(db, next, officer.id).then(
      () => (setConfig(next), setNotice({ kind: 'ok', text: { vi: 'Đã lưu.', en: 'Saved.' } })),
      (err: unknown) => setNotice({ kind: 'error', text: toBilingual(err) }),
    );
  }

  return (
    <form onSubmit={save} aria-label={t('sign.settings')}>
      <h2>{t('sign.settings')}</h2>
      <fieldset disabled={disabled} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          <Field label={t('sign.modules')}>
            <textarea name="pkcs11-modules" placeholder="C:\Windows\System32\vnptca_p11_v10.dll" value={modulesText} onChange={(e) => setModulesText(e.target.value)} />
          </Field>
          <div>
            <p>{t('sign.found')}:</p>
            <ul>
              {found.map((m) => (
                <li key={m.path}>
                  <button type="button" onClick={() => setModulesText((text) => (linesOf(text).includes(m.path) ? text : [...linesOf(text), m.path].join('\n')))}>
                    + {m.vendor}
                  </button>{' '}
                  <code>{m.path}</code>
                </li>
              ))}
            </ul>
          </div>
          <Field label={t('sign.tsa')}>
            <input name="tsa-url" placeholder="http://tsa.example.vn/" value={config.tsaUrl ?? ''} onChange={(e) => setConfig({ ...config, tsaUrl: e.target.value })} />
          </Field>
          <label className="check">
            <input type="checkbox" name="emulator" checked={config.emulator} onChange={(e) => setConfig({ ...config, emulator: e.target.checked })} />
            {t('sign.emulator')}
          </label>
        </div>
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
        <Field label={t('sign.seal')}>
          <input type="file" name="seal-image" accept="image/png" onChange={(e) => void setSeal(e.target.files?.[0])} />
        </Field>
        <div className="actions">
          <button type="submit">{t('sign.save')}</button>
        </div>
      </fieldset>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
    </form>
  );
}
