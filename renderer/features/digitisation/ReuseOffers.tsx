// At reception, once the citizen's ID number is known: the papers their earlier dossiers hold,
// digitised, still valid and reusable, offered for the same component of this procedure instead
// of a new scan. The choice is kept in the officer's draft (checked again when restored,
// recheckReuse) and linked with the decision (recordDecision → linkReuses).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure, ReceivedComponent } from '#domain/model.ts';
import { deskDate, formatDeskDate } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { reuseOffers, type ReuseChoice, type ReuseOffer } from './reuse.ts';

export function ReuseOffers(props: {
  procedure: Procedure;
  idNumber: string;
  value: ReuseChoice[];
  onChange(choices: ReuseChoice[]): void;
  components: ReceivedComponent[];
  onComponents(components: ReceivedComponent[]): void;
}) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const [offers, setOffers] = useState<ReuseOffer[]>([]);
  const { idNumber, onChange } = props;
  useEffect(() => {
    let current = true;
    reuseOffers(db, idNumber, deskDate(new Date())).then(
      (found) => current && setOffers(found),
      () => current && setOffers([]),
    );
    return () => {
      current = false;
    };
  }, [db, idNumber]);
  // Another citizen's number: the earlier choices no longer apply. Not on mounting, which is also
  // when a choice restored with the officer's draft arrives (a new procedure clears them itself).
  const shownFor = useRef(idNumber);
  useEffect(() => {
    if (shownFor.current === idNumber) return;
    shownFor.current = idNumber;
    onChange([]);
  }, [idNumber, onChange]);

  const usable = offers.filter((o) => props.procedure.components.some((c) => c.id === o.digitisation.specId && (c.satisfiedBy ?? 'paper') === 'paper'));
  if (usable.length === 0) return null;

  function choose(offer: ReuseOffer) {
    const specId = offer.digitisation.specId;
    const chosen = props.value.some((c) => c.fileId === offer.fileId);
    onChange(
      chosen
        ? props.value.filter((c) => c.fileId !== offer.fileId)
        : [...props.value.filter((c) => c.specId !== specId), { specId, fromDossierId: offer.fromDossierId, fileId: offer.fileId }],
    );
    if (!chosen) props.onComponents(props.components.map((c) => (c.specId === specId ? { ...c, received: true } : c)));
  }

  return (
    <div className="reuse-offers" data-testid="reuse-offers" role="group" aria-labelledby="reuse-offers-title">
      <p>
        <strong id="reuse-offers-title">{t('digitisation.offersTitle')}</strong> <span className="muted">{t('digitisation.offersHint')}</span>
      </p>
      <ul>
        {usable.map((o) => {
          const m = o.digitisation;
          const component = props.procedure.components.find((c) => c.id === m.specId)?.name ?? m.specId;
          const chosen = props.value.some((c) => c.fileId === o.fileId);
          return (
            <li key={o.fileId}>
              <span id={`reuse-${o.fileId}`}>
                {t('digitisation.offer', {
                  component,
                  type: m.documentType,
                  number: m.number,
                  issued: formatDeskDate(m.issuedOn),
                  issuer: m.issuer,
                  code: o.fromCode,
                })}{' '}
                · {m.validUntil ? t('digitisation.validUntil', { date: formatDeskDate(m.validUntil) }) : t('digitisation.noEnd')}
              </span>
              <button
                type="button"
                aria-pressed={chosen}
                aria-describedby={`reuse-${o.fileId}`}
                className={chosen ? 'primary' : undefined}
                onClick={() => choose(o)}
              >
                {chosen ? `✔ ${t('digitisation.willReuse')}` : t('digitisation.reuse')}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
