// Signing a dossier's scanned documents: pick the token and certificate (the PIN retries are
// shown before the PIN is typed), choose the files and the stamp, type the PIN once.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert, BilingualText } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { formatDeskDate } from '#domain/deskTime.ts';
import { applySigningConfig, loadSigningConfig } from './signingConfig.ts';
import { signDossierFiles } from './signFiles.ts';
import { StampPlacer, type StampArea } from './StampPlacer.tsx';
import type { TokenList } from '#preload/wire/tokens.ts';
import { STAMP_CORNERS, type StampCorner, type StampPage } from '#preload/wire/signing.ts';

const TOKEN_POLL_MS = 5000;
/** Each officer's own signature image (blue, transparent PNG) and title, kept on this desk. */
const signerImageKey = (officerId: string) => `signerImage:${officerId}`;
const signerTitleKey = (officerId: string) => `signerTitle:${officerId}`;

export function SignPanel(props: { dossier: Dossier; files: StoredFile[]; onSigned(): void }) {
  const { t } = useTranslation();
  const { db, officer, settings } = useDesk();
  const [list, setList] = useState<TokenList | null>(null);
  const [tokenId, setTokenId] = useState('');
  const [certificateId, setCertificateId] = useState('');
  const [pin, setPin] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(props.files.map((f) => f.id)));
  const [stamp, setStamp] = useState<{ on: boolean; page: StampPage; corner: StampCorner; seal: boolean; manual: boolean }>({
    on: true,
    page: 'last',
    corner: 'bottom-right',
    seal: true,
    manual: false,
  });
  // Placing by hand: the first chosen file is shown, and its area is used for every file.
  const [area, setArea] = useState<StampArea | null>(null);
  const [placing, setPlacing] = useState<Uint8Array | null>(null);
  const [busy, setBusy] = useState(false);
  const { notice, show, clear, fail } = useNotice();
  const [signerImage, setSignerImage] = useState<Uint8Array | null>(null);
  const [signerTitle, setSignerTitle] = useState('');
  const [hasSeal, setHasSeal] = useState(false);

  const refresh = useCallback(
    async (configure = false) => {
      try {
        // Main may have restarted (browser mode) and forgotten the desk's choice: tell it when the panel opens.
        if (configure) await applySigningConfig(db);
        const found = await desk['sign.tokens']({});
        setList(found);
        const first = found.tokens[0];
        setTokenId((old) => (found.tokens.some((x) => x.id === old) ? old : (first?.id ?? '')));
        setCertificateId((old) => old || (first?.certificates[0]?.id ?? ''));
      } catch (e) {
        fail(e);
      }
    },
    [db, fail],
  );
  useEffect(() => {
    void refresh(true);
  }, [refresh]);
  // Tokens come and go while the panel is open: look again every few seconds, never mid-signature.
  useEffect(() => {
    if (busy) return;
    const timer = setInterval(() => void refresh(), TOKEN_POLL_MS);
    return () => clearInterval(timer);
  }, [busy, refresh]);
  useEffect(() => {
    void db.settings.get(signerImageKey(officer.id)).then((row) => setSignerImage((row?.value as Uint8Array | undefined) ?? null));
    void db.settings.get(signerTitleKey(officer.id)).then((row) => setSignerTitle((row?.value as string | undefined) ?? ''));
    void loadSigningConfig(db).then((c) => setHasSeal(Boolean(c.sealImage)));
  }, [db, officer.id]);

  const firstChosen = props.files.find((f) => chosen.has(f.id));
  useEffect(() => {
    setPlacing(null);
    if (!stamp.on || !stamp.manual || !firstChosen) return;
    void db.protection.openBytes(firstChosen.blob).then(setPlacing);
  }, [db, stamp.on, stamp.manual, firstChosen]);

  function chooseSignerTitle(title: string) {
    setSignerTitle(title);
    void db.settings.put({ key: signerTitleKey(officer.id), value: title });
  }

  async function chooseSignerImage(file: File | undefined) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await db.settings.put({ key: signerImageKey(officer.id), value: bytes });
    setSignerImage(bytes);
  }

  const token = list?.tokens.find((x) => x.id === tokenId);
  const locked = token?.pin.state === 'locked';

  async function sign(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    setBusy(true);
    show({ kind: 'info', text: { vi: 'Đang ký… Token có thể mất vài giây cho mỗi chữ ký.', en: 'Signing… A token can take a few seconds per signature.' } });
    try {
      const config = await loadSigningConfig(db);
      const files = props.files.filter((f) => chosen.has(f.id));
      const { records, stamps } = await signDossierFiles(
        db,
        props.dossier,
        files,
        {
          tokenId: token.id,
          certificateId: certificateId || token.certificates[0]?.id || '',
          pin: token.pin.pinPad ? null : pin,
          reason: 'Tiếp nhận hồ sơ / Dossier received',
          location: settings.officeName,
          stamp: stamp.on
            ? {
                page: stamp.page,
                corner: stamp.corner,
                ...(stamp.manual && area ? { area } : {}),
                organisation: settings.officeName,
                ...(signerTitle.trim() ? { title: signerTitle.trim() } : {}),
                ...(stamp.seal && config.sealImage ? { sealImage: config.sealImage } : {}),
                ...(signerImage ? { signerImage } : {}),
              }
            : null,
        },
        officer,
      );
      const pending = records.some((r) => r.timestampPending === 1);
      // A page with no room for the stamp was signed invisibly: the officer hears why.
      const hidden = stamps.flatMap((s) => (s?.placed === 'invisible' ? [s.reason] : []));
      show({
        kind: 'ok',
        text: {
          vi: `Đã ký ${records.length} tệp (PAdES ${records[0]!.level}).${pending ? ' Máy chủ dấu thời gian chưa trả lời: dấu thời gian sẽ được thêm khi có kết nối.' : ''}${hidden[0] ? ` ${hidden.length} tệp: ${hidden[0].vi}` : ''}`,
          en: `Signed ${records.length} file(s) (PAdES ${records[0]!.level}).${pending ? ' The timestamp server did not answer: the timestamp will be added when it does.' : ''}${hidden[0] ? ` ${hidden.length} file(s): ${hidden[0].en}` : ''}`,
        },
      });
      props.onSigned();
    } catch (e) {
      fail(e);
    } finally {
      setPin('');
      setBusy(false);
    }
    // Either way the token's retry counter may have changed: show what it says now.
    await refresh();
  }

  return (
    <form className="card sign-panel" onSubmit={(e) => void sign(e)} aria-label={t('sign.title')}>
      <div className="chosen">
        <h3>{t('sign.title')}</h3>
        <button type="button" onClick={() => (clear(), void refresh(true))} disabled={busy}>
          {t('sign.refresh')}
        </button>
      </div>
      {list?.problems.map((p, i) => (
        <Alert key={i} kind="info" text={p} />
      ))}
      {list && list.tokens.length === 0 && (
        <Alert kind="info" text={{ vi: 'Không thấy token nào. Hãy cắm token rồi bấm "Làm mới".', en: 'No token found. Plug one in and press "Refresh".' }} />
      )}
      {token && (
        <>
          <div className="grid">
            <Field label={t('sign.token')}>
              <select value={tokenId} onChange={(e) => (setTokenId(e.target.value), setCertificateId(''))}>
                {list!.tokens.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('sign.certificate')}>
              <select value={certificateId} onChange={(e) => setCertificateId(e.target.value)}>
                {token.certificates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.subject}
                    {c.organisation ? ` — ${c.organisation}` : ''} · {c.issuer} · {t('sign.validTo')} {formatDeskDate(c.validTo)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <p className="pin-state" data-testid="pin-state">
            {token.pin.triesLeft !== null && `${t('sign.triesLeft', { count: token.pin.triesLeft })} `}
            {token.pin.notice && <BilingualText text={token.pin.notice} />}
          </p>
          <fieldset>
            <legend>{t('sign.files')}</legend>
            {props.files.map((f) => (
              <label key={f.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(f.id)}
                  onChange={(e) =>
                    setChosen((old) => {
                      const next = new Set(old);
                      if (e.target.checked) next.add(f.id);
                      else next.delete(f.id);
                      return next;
                    })
                  }
                />
                {f.name} ({Math.round(f.size / 1024)} KB)
              </label>
            ))}
          </fieldset>
          <div className="grid">
            <label className="check">
              <input type="checkbox" checked={stamp.on} onChange={(e) => setStamp({ ...stamp, on: e.target.checked })} />
              {t('sign.visible')}
            </label>
            {stamp.on && (
              <>
                <Field label={t('sign.page')}>
                  <select value={stamp.page} onChange={(e) => setStamp({ ...stamp, page: e.target.value as StampPage })}>
                    <option value="last">{t('sign.pages.last')}</option>
                    <option value="first">{t('sign.pages.first')}</option>
                  </select>
                </Field>
                <Field label={t('sign.corner')}>
                  <select
                    name="stamp-place"
                    value={stamp.manual ? 'manual' : stamp.corner}
                    onChange={(e) =>
                      setStamp(e.target.value === 'manual' ? { ...stamp, manual: true } : { ...stamp, manual: false, corner: e.target.value as StampCorner })
                    }
                  >
                    {STAMP_CORNERS.map((c) => (
                      <option key={c} value={c}>
                        {t(`sign.corners.${c}`)}
                      </option>
                    ))}
                    <option value="manual">{t('sign.corners.manual')}</option>
                  </select>
                </Field>
                <Field label={signerImage ? `${t('sign.signerImage')} ✔` : t('sign.signerImage')}>
                  <input type="file" name="signer-image" accept="image/png,image/jpeg" onChange={(e) => void chooseSignerImage(e.target.files?.[0])} />
                </Field>
                <Field label={t('sign.signerTitle')}>
                  <input name="signer-title" maxLength={120} value={signerTitle} onChange={(e) => chooseSignerTitle(e.target.value)} />
                </Field>
                {hasSeal ? (
                  <label className="check">
                    <input type="checkbox" name="with-seal" checked={stamp.seal} onChange={(e) => setStamp({ ...stamp, seal: e.target.checked })} />
                    {t('sign.withSeal')}
                  </label>
                ) : (
                  <p>{t('sign.noSeal')}</p>
                )}
              </>
            )}
          </div>
          {stamp.on && stamp.manual && placing && <StampPlacer pdf={placing} which={stamp.page} onChange={setArea} />}
          {token.pin.pinPad ? (
            <p>{t('sign.pinPad')}</p>
          ) : (
            <Field label={t('sign.pin')}>
              <input type="password" autoComplete="off" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} disabled={locked || busy} />
            </Field>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || locked || chosen.size === 0 || (!token.pin.pinPad && pin.length < 4)}>
              {busy ? t('sign.signing') : t('sign.sign', { count: chosen.size })}
            </button>
          </div>
        </>
      )}
      {notice && <Alert kind={notice.kind} text={notice.text} />}
    </form>
  );
}
