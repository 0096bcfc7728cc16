// Electronic certified copies at the counter (issue 15 §1, procedure 2.000815): the officer names
// the original, opens its scan (colour, ≥ 200 dpi), sees the statement with the next book number
// and the fee, picks the office's token and types the PIN; main checks every page, adds the
// statement and signs; the copy is entered in the book in one transaction and can be saved to a
// USB stick. A refusal is recorded with the law's reason. The book prints for any period.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { composeStatement, BUNDLED_REFUSALS, bookLabel } from '#domain/certification/statement.ts';
import { BUNDLED_PROVINCE_EXEMPTIONS, certificationFee, type CertificationFee } from '#domain/certification/fee.ts';
import type { BookNumber } from '#domain/certification/book.ts';
import { deskDate, formatDeskDate, formatDeskDateTime } from '#domain/deskTime.ts';
import { DeskError } from '#domain/errors.ts';
import type { PerPageRule } from '#domain/model.ts';
import type { CertificationRow } from '#renderer/db/schema.ts';
import type { TokenList } from '#preload/wire/tokens.ts';
import type { CertifiedCopy } from '#preload/wire/certification.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { DateField } from '#renderer/ui/DateField.tsx';
import { openPdf } from '#renderer/ui/pdfRaster.ts';
import { applySigningConfig } from '../signing/signingConfig.ts';
import { bookForPeriod, peekBookNumber, recordRefusal } from './certificationBook.ts';
import { recordCertifiedCopy } from './certifiedCopyRecord.ts';
import { FetchSlip } from './FetchSlip.tsx';
import { clearCertificationRequest, peekCertificationRequest, type CertificationRequest } from './certificationRequest.ts';
import './certification.css';

const PROCEDURE = '2.000815';
const PROVINCE_KEY = 'certificationProvince';

const dong = (amount: number) => `${amount.toLocaleString('vi-VN')} đ`;

function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Prints the book alone (certification.css): the desk's frame is left out while the dialog is up. */
function printBook(): void {
  document.body.classList.add('print-certification-book');
  const done = () => {
    document.body.classList.remove('print-certification-book');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

export function CertificationPage() {
  const { t, i18n } = useTranslation();
  const { db, officer, settings } = useDesk();
  const today = deskDate(new Date());
  const [docName, setDocName] = useState('');
  const [original, setOriginal] = useState<{ name: string; bytes: Uint8Array; pages: number } | null>(null);
  const [next, setNext] = useState<BookNumber | null>(null);
  const [rule, setRule] = useState<PerPageRule | null>(null);
  const [province, setProvince] = useState('');
  const [tokens, setTokens] = useState<TokenList | null>(null);
  const [tokenId, setTokenId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ copy: CertifiedCopy; row: CertificationRow; fee: CertificationFee } | null>(null);
  const [reason, setReason] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [rows, setRows] = useState<CertificationRow[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  /** The entry whose fetch slip is shown (and printed once). */
  const [slip, setSlip] = useState<CertificationRow | null>(null);
  const { notice, show, fail, clear } = useNotice();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  /** Started from a 2.000815 dossier: its applicant shown, its scanned original chosen, its code in the book. */
  const [fromDossier, setFromDossier] = useState<CertificationRequest | null>(null);

  const reloadBook = useCallback(async () => {
    if (!from || !to) return;
    setRows(await bookForPeriod(db, from, to));
    setNames(Object.fromEntries((await db.officers.toArray()).map((o) => [o.id, o.fullName])));
  }, [db, from, to]);

  useEffect(() => {
    void (async () => {
      try {
        setRule((await db.procedures.get(PROCEDURE))?.fees.find((f) => f.perPage)?.perPage ?? null);
        setProvince(((await db.settings.get(PROVINCE_KEY))?.value as string | undefined) ?? '');
        setNext(await peekBookNumber(db, settings));
        await applySigningConfig(db);
        const list = await desk['sign.tokens']({});
        setTokens(list);
        setTokenId((old) => old || (list.tokens[0]?.id ?? ''));
      } catch (e) {
        fail(e);
      }
    })();
  }, [db, settings, fail]);
  useEffect(() => void reloadBook().catch(fail), [reloadBook, fail]);
  useEffect(() => {
    const request = peekCertificationRequest();
    if (!request) return;
    setFromDossier(request);
    setDocName(request.document);
    void (async () => {
      try {
        const file = await db.files.get(request.fileId);
        if (!file) return;
        const bytes = await db.protection.openBytes(file.blob, `files/${file.id}`);
        const pdf = await openPdf(bytes.slice()).promise;
        setOriginal({ name: file.name, bytes, pages: pdf.numPages });
        await pdf.destroy();
      } catch (e) {
        fail(e);
      } finally {
        clearCertificationRequest(request);
      }
    })();
  }, [db, fail]);

  const fee = useMemo(
    () => (original && rule ? certificationFee({ pages: original.pages, province, day: next?.day ?? today }, rule) : null),
    [original, rule, province, next, today],
  );
  const statement = useMemo(() => {
    if (!next) return null;
    try {
      return composeStatement({
        number: next.number,
        year: next.year,
        day: next.day,
        certifier: officer.fullName,
        organisation: settings.officeName,
        place: settings.placeName,
      });
    } catch {
      return null;
    }
  }, [next, officer.fullName, settings.officeName, settings.placeName]);
  const token = tokens?.tokens.find((x) => x.id === tokenId);

  async function chooseOriginal(file: File | undefined) {
    clear();
    setDone(null);
    setOriginal(null);
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const pdf = await openPdf(bytes.slice()).promise;
      setOriginal({ name: file.name, bytes, pages: pdf.numPages });
      await pdf.destroy();
    } catch {
      fail(new DeskError('certification.notPdf', { vi: `Tệp ${file.name} không phải PDF đọc được.`, en: `${file.name} is not a readable PDF.` }));
    }
  }

  async function certify(e: FormEvent) {
    e.preventDefault();
    if (!original || !token || !next || !fee) return;
    const certificateId = token.certificates[0]?.id;
    if (!certificateId)
      return fail(new DeskError('certification.noCertificate', { vi: 'Token không có chứng thư số.', en: 'The token holds no certificate.' }));
    setBusy(true);
    clear();
    try {
      const peeked = await peekBookNumber(db, settings);
      const copy = await desk['certify.copy']({
        original: original.bytes,
        tokenId: token.id,
        certificateId,
        pin: token.pin.pinPad ? null : pin,
        office: { name: settings.officeName, place: settings.placeName },
        certifier: officer.fullName,
        entry: { number: peeked.number, year: peeked.year, day: peeked.day },
      });
      const paid = certificationFee({ pages: copy.pages.length, province, day: peeked.day }, rule!);
      // Entered in the book and queued for the province together (certifiedCopyRecord.ts).
      const dossier = fromDossier ? { dossierId: fromDossier.dossierId, dossierCode: fromDossier.dossierCode } : undefined;
      const row = await recordCertifiedCopy(db, settings, peeked, { document: docName.trim(), fee: paid, copy, ...(dossier ? { dossier } : {}) }, officer.id);
      setDone({ copy, row, fee: paid });
      setPin('');
      setNext(await peekBookNumber(db, settings));
      show({ kind: 'ok', text: { vi: `Đã chứng thực: số ${row.number}, quyển ${copy.book}.`, en: `Certified: number ${row.number}, book ${copy.book}.` } });
      await reloadBook();
    } catch (err) {
      setPin('');
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function refuse() {
    if (!reason || !docName.trim()) return;
    clear();
    try {
      await recordRefusal(db, reason, docName.trim(), officer.id);
      setReason('');
      show({ kind: 'ok', text: { vi: 'Đã ghi việc từ chối chứng thực vào sổ.', en: 'The refusal is entered in the book.' } });
      await reloadBook();
    } catch (err) {
      fail(err);
    }
  }

  async function chooseProvince(value: string) {
    setProvince(value);
    await db.settings.put({ key: PROVINCE_KEY, value });
  }

  const reasonText = (id: string) => {
    const r = BUNDLED_REFUSALS.reasons.find((x) => x.id === id);
    return r ? `${r[lang]} (${r.clause})` : id;
  };

  return (
    <section className="certification" aria-labelledby="certification-title">
      <h1 id="certification-title">{t('certification.title')}</h1>
      <p className="muted">{t('certification.intro')}</p>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      {fromDossier && (
        <p className="certification-from-dossier" data-testid="certification-from-dossier">
          {t('certification.fromDossier.linked', { code: fromDossier.dossierCode, name: fromDossier.applicantName })}
        </p>
      )}
      <div className="certification-columns">
        <form className="certification-form" onSubmit={(e) => void certify(e)}>
          <Field label={t('certification.document')}>
            <input name="certification-document" value={docName} onChange={(e) => setDocName(e.target.value)} required maxLength={200} />
          </Field>
          <Field label={t('certification.original')}>
            <input name="certification-original" type="file" accept="application/pdf,.pdf" onChange={(e) => void chooseOriginal(e.target.files?.[0])} />
          </Field>
          {original && (
            <p className="muted small" data-testid="certification-original-chosen">
              {t('certification.originalChosen', { name: original.name, pages: original.pages })}
            </p>
          )}
          <Field label={t('certification.province')}>
            <select name="certification-province" value={province} onChange={(e) => void chooseProvince(e.target.value)}>
              <option value="">{t('certification.noProvince')}</option>
              {BUNDLED_PROVINCE_EXEMPTIONS.exemptions.map((x) => (
                <option key={x.province} value={x.province}>
                  {t('certification.provincePays', { province: x.province, basis: x.basis })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('certification.token')}>
            <select name="certification-token" value={tokenId} onChange={(e) => setTokenId(e.target.value)}>
              {tokens?.tokens.length === 0 && <option value="">{t('certification.noToken')}</option>}
              {tokens?.tokens.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </Field>
          <p className="muted small">{t('certification.officeSignature')}</p>
          {token && !token.pin.pinPad && (
            <Field label={t('certification.pin')}>
              <input
                name="certification-pin"
                type="password"
                autoComplete="off"
                inputMode="numeric"
                value={pin}
                onChange={(e) => setPin(e.target.value)}
                required
                minLength={4}
                maxLength={32}
              />
            </Field>
          )}
          <div className="certification-actions">
            <button type="submit" className="primary" name="certification-sign" disabled={busy || !original || !token || !fee || !docName.trim()}>
              {busy ? t('certification.signing') : t('certification.sign')}
            </button>
          </div>
          <fieldset className="certification-refusal">
            <legend>{t('certification.refuseTitle')}</legend>
            <Field label={t('certification.reason')}>
              <select name="certification-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                <option value="">{t('certification.chooseReason')}</option>
                {BUNDLED_REFUSALS.reasons.map((r) => (
                  <option key={r.id} value={r.id}>
                    {reasonText(r.id)}
                  </option>
                ))}
              </select>
            </Field>
            <button type="button" name="certification-refuse" onClick={() => void refuse()} disabled={!reason || !docName.trim()}>
              {t('certification.refuse')}
            </button>
          </fieldset>
        </form>
        <div className="certification-preview" aria-live="polite">
          <h2>{t('certification.statement')}</h2>
          {statement ? (
            <blockquote className="certification-statement" data-testid="certification-statement">
              {(done ? done.copy.statement : statement.lines).map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </blockquote>
          ) : (
            <p className="muted">{t('certification.noOffice')}</p>
          )}
          <dl className="certification-facts">
            <dt>{t('certification.number')}</dt>
            <dd data-testid="certification-number">
              {done ? `${done.row.number} — ${done.copy.book}` : next ? `${next.number} — ${bookLabel(next.year)}` : '…'}
            </dd>
            <dt>{t('certification.pages')}</dt>
            <dd>{done ? done.copy.pages.length : (original?.pages ?? '—')}</dd>
            <dt>{t('certification.fee')}</dt>
            <dd data-testid="certification-fee">
              {(done?.fee ?? fee)
                ? `${dong((done?.fee ?? fee)!.amount)}${(done?.fee ?? fee)!.paidBy ? ` — ${t('certification.paidBy', { basis: (done?.fee ?? fee)!.paidBy!.basis })}` : ''}`
                : '—'}
            </dd>
          </dl>
          {done && (
            <div className="certification-actions">
              <button
                type="button"
                name="certification-save"
                onClick={() => saveFile(done.copy.pdf, `ban-sao-dien-tu-${done.row.year}-${done.row.number}.pdf`)}
              >
                {t('certification.save')}
              </button>
              {done.row.fetchCode && (
                <button type="button" name="certification-slip" onClick={() => setSlip(done.row)}>
                  {t('certification.slip.print')}
                </button>
              )}
              <span className="muted small">{t('certification.signedBy', { signer: done.copy.signer, at: formatDeskDateTime(done.copy.signingTime) })}</span>
            </div>
          )}
        </div>
      </div>
      {slip && <FetchSlip key={slip.id} row={slip} office={settings.officeName} onClose={() => setSlip(null)} />}
      <section className="certification-book" aria-labelledby="certification-book-title">
        <div className="certification-book-head">
          <h2 id="certification-book-title">
            {t('certification.book')} {formatDeskDate(from)} – {formatDeskDate(to)}
          </h2>
          <div className="certification-book-controls">
            <DateField name="certification-from" label={t('certification.from')} value={from} onChange={setFrom} />
            <DateField name="certification-to" label={t('certification.to')} value={to} onChange={setTo} />
            <button type="button" name="certification-print" onClick={printBook}>
              {t('common.print')}
            </button>
          </div>
        </div>
        <table data-testid="certification-book">
          <thead>
            <tr>
              <th scope="col">{t('certification.number')}</th>
              <th scope="col">{t('certification.date')}</th>
              <th scope="col">{t('certification.document')}</th>
              <th scope="col" className="num">
                {t('certification.pages')}
              </th>
              <th scope="col" className="num">
                {t('certification.fee')}
              </th>
              <th scope="col">{t('certification.certifier')}</th>
              <th scope="col">{t('certification.note')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t('certification.empty')}
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.number ?? '—'}</td>
                <td>{formatDeskDateTime(r.at)}</td>
                <td>{r.document}</td>
                <td className="num">{r.kind === 'certified' ? r.pages : '—'}</td>
                <td className="num">{r.kind === 'certified' ? dong(r.fee) : '—'}</td>
                <td>{names[r.officerId] ?? r.officerId}</td>
                <td>
                  {[
                    r.kind === 'refused' ? `${t('certification.refused')}: ${reasonText(r.reason ?? '')}` : r.feePaidBy,
                    r.dossierCode ? t('certification.dossierLink', { code: r.dossierCode }) : undefined,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  {r.kind === 'certified' && r.fetchCode && (
                    <button
                      type="button"
                      className="certification-slip-button"
                      aria-label={`${t('certification.slip.print')} — ${r.number}`}
                      onClick={() => setSlip(r)}
                    >
                      {t('certification.slip.print')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
