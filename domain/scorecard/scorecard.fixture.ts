// Fifty dossiers of a commune desk and the scorecard of November 2026 counted by hand from
// them, group by group, so that every rule of figures.ts is pinned by a figure a person can
// recount. The report is made on 7 December 2026 at 10:00 (overdue is judged then).
import type { CertificationEvent, DossierEvent, Figures, ScorecardDossier } from './scorecard.ts';

export const MONTH = '2026-11';
export const NOW = new Date('2026-12-07T10:00:00+07:00');

const BIRTH = { procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh' };
const RESIDENCE = { procedureCode: '1.004222', procedureName: 'Đăng ký thường trú' };
const COPY = { procedureCode: '2.000908', procedureName: 'Chứng thực bản sao từ bản chính' };

const paper = (specId: string, received = true) => ({ specId, received });
const lookup = (specId: string, outcome: string) => ({ specId, received: true, lookup: { outcome } });
const t = (day: string, time = '09:00') => `2026-${day}T${time}:00+07:00`;

function dossier(n: number, proc: typeof BIRTH, rest: Partial<ScorecardDossier> & Pick<ScorecardDossier, 'receivedAt'>): ScorecardDossier {
  return { id: `d${String(n).padStart(2, '0')}`, ...proc, decision: 'accepted', status: 2, appointmentAt: null, components: [], ...rest };
}

const dossiers: ScorecardDossier[] = [];
const scanned = new Map<string, Set<string>>();
const scan = (d: ScorecardDossier, ...specs: string[]) => scanned.set(d.id, new Set(specs));

// G1 (#1–#10) birth, received 3–12 Nov, returned a day before the appointment: 10 received,
// 10 on time; both papers handed in are scanned (the unticked authorisation needs none): 10
// digitised; one look-up found each: 10 look-ups.
const nov = (day: number, time?: string) => t(`11-${String(day).padStart(2, '0')}`, time);
for (let i = 1; i <= 10; i++) {
  const d = dossier(i, BIRTH, {
    status: 10,
    receivedAt: nov(i + 2),
    appointmentAt: nov(i + 5, '17:30'),
    components: [paper('tk'), paper('gcs'), paper('uq', false), lookup('cccd', 'found')],
    handover: { at: nov(i + 4, '16:00') },
  });
  scan(d, 'tk', 'gcs');
  dossiers.push(d);
}
// G2 (#11–#15) birth, received 2 Nov, due 5 Nov 17:30, returned 6 Nov with no letter: 5
// received, 5 late; one of two papers scanned: not digitised; look-up still pending: none.
for (let i = 11; i <= 15; i++) {
  const d = dossier(i, BIRTH, {
    status: 10,
    receivedAt: t('11-02'),
    appointmentAt: t('11-05', '17:30'),
    components: [paper('tk'), paper('gcs'), lookup('cccd', 'pending')],
    handover: { at: t('11-06', '10:00') },
  });
  scan(d, 'tk');
  dossiers.push(d);
}
// G3 (#16–#18) birth, received 9 Nov, due 12 Nov, a Mẫu 04 on 12 Nov moved it to 16 Nov,
// returned 14 Nov: 3 received, 3 late (the new date does not undo it), 3 apologies, 3 digitised.
for (let i = 16; i <= 18; i++) {
  const d = dossier(i, BIRTH, {
    status: 10,
    receivedAt: t('11-09'),
    appointmentAt: t('11-16', '17:00'),
    extensions: [{ previousAppointmentAt: t('11-12', '17:00'), newAppointmentAt: t('11-16', '17:00'), at: t('11-12', '15:00') }],
    components: [paper('tk'), paper('gcs')],
    handover: { at: t('11-14', '10:00') },
  });
  scan(d, 'tk', 'gcs');
  dossiers.push(d);
}
// G4 (#19) birth, received 17 Nov, two letters in November (20→28 Nov, 28 Nov→10 Dec), still
// in progress, due 10 Dec: 1 received, 2 apologies, not overdue on 7 Dec; nothing scanned.
dossiers.push(
  dossier(19, BIRTH, {
    status: 4,
    receivedAt: t('11-17'),
    appointmentAt: t('12-10', '17:00'),
    extensions: [
      { previousAppointmentAt: t('11-20', '17:00'), newAppointmentAt: t('11-28', '17:00'), at: t('11-20', '14:00') },
      { previousAppointmentAt: t('11-28', '17:00'), newAppointmentAt: t('12-10', '17:00'), at: t('11-27', '14:00') },
    ],
    components: [paper('tk')],
  }),
);
// G5 (#20–#22) birth, received 20 Nov, due 25 Nov, not finished: 3 received, 3 overdue now;
// only a look-up (could not check), no paper: not digitised, 3 look-ups.
for (let i = 20; i <= 22; i++) {
  dossiers.push(dossier(i, BIRTH, { receivedAt: t('11-20'), appointmentAt: t('11-25', '17:00'), components: [lookup('cccd', 'could-not-check')] }));
}
// G6 (#23–#25) birth, received 28 Oct, due 3 Nov, returned 2 Nov: 3 on time, not received in
// November (so not digitised in November although scanned).
for (let i = 23; i <= 25; i++) {
  const d = dossier(i, BIRTH, {
    status: 10,
    receivedAt: t('10-28'),
    appointmentAt: t('11-03', '17:00'),
    components: [paper('tk')],
    handover: { at: t('11-02', '09:30') },
  });
  scan(d, 'tk');
  dossiers.push(d);
}
// G7 (#26) birth, received 20 Oct, due 27 Oct, letter on 27 Oct (not November's) to 5 Nov,
// returned 4 Nov: 1 late, no November apology.
dossiers.push(
  dossier(26, BIRTH, {
    status: 10,
    receivedAt: t('10-20'),
    appointmentAt: t('11-05', '17:00'),
    extensions: [{ previousAppointmentAt: t('10-27', '17:00'), newAppointmentAt: t('11-05', '17:00'), at: t('10-27', '11:00') }],
    components: [paper('tk')],
    handover: { at: t('11-04', '09:00') },
  }),
);
// G8 (#27–#29) birth, November supplement requests and a refusal: count nowhere.
dossiers.push(dossier(27, BIRTH, { decision: 'supplement', status: 5, receivedAt: t('11-10'), components: [paper('tk', false)] }));
dossiers.push(dossier(28, BIRTH, { decision: 'supplement', status: 5, receivedAt: t('11-11'), components: [paper('tk', false)] }));
dossiers.push(dossier(29, BIRTH, { decision: 'refused', status: 3, receivedAt: t('11-12'), components: [] }));
// G9 (#30–#37) residence, received 24 Nov, due 10 Dec: 8 received, paper scanned: 8
// digitised, a look-up found each: 8 look-ups; not overdue.
for (let i = 30; i <= 37; i++) {
  const d = dossier(i, RESIDENCE, { receivedAt: t('11-24'), appointmentAt: t('12-10', '17:00'), components: [paper('ct01'), lookup('cccd', 'found')] });
  scan(d, 'ct01');
  dossiers.push(d);
}
// G10 (#38–#40) residence, received 16 Nov, returned at the very minute of the appointment
// (19 Nov 09:00): 3 received, 3 on time; not scanned.
for (let i = 38; i <= 40; i++) {
  dossiers.push(
    dossier(i, RESIDENCE, { status: 10, receivedAt: t('11-16'), appointmentAt: t('11-19'), components: [paper('ct01')], handover: { at: t('11-19') } }),
  );
}
// G11 (#41) residence, received in December: nothing for November. (#42) received in
// September, due 15 Oct, stopped (Mẫu 05, status 8): no result is due, so not overdue.
dossiers.push(dossier(41, RESIDENCE, { receivedAt: t('12-02'), appointmentAt: t('12-15', '17:00'), components: [paper('ct01')] }));
dossiers.push(dossier(42, RESIDENCE, { status: 8, receivedAt: t('09-30'), appointmentAt: t('10-15', '17:00'), components: [paper('ct01')] }));
// G12 (#43) residence, received in September, due 15 Oct, still in progress: 1 overdue now.
dossiers.push(dossier(43, RESIDENCE, { status: 4, receivedAt: t('09-30'), appointmentAt: t('10-15', '17:00'), components: [paper('ct01')] }));
// G13 (#44–#45) residence, the month's edges in desk time: 31 Oct 17:10 UTC is 1 Nov 00:10 in
// Vietnam (received in November: 1), 30 Nov 17:30 UTC is 1 Dec 00:30 (not November).
dossiers.push(dossier(44, RESIDENCE, { receivedAt: '2026-10-31T17:10:00Z', appointmentAt: t('12-20', '17:00'), components: [paper('ct01')] }));
dossiers.push(dossier(45, RESIDENCE, { receivedAt: '2026-11-30T17:30:00Z', appointmentAt: t('12-20', '17:00'), components: [paper('ct01')] }));
// G14 (#46–#50) copies, received 23 Nov 08:00, due that day 17:30, returned 15:00: 5
// received, 5 on time, the original scanned: 5 digitised.
for (let i = 46; i <= 50; i++) {
  const d = dossier(i, COPY, {
    status: 10,
    receivedAt: t('11-23', '08:00'),
    appointmentAt: t('11-23', '17:30'),
    components: [paper('bc')],
    handover: { at: t('11-23', '15:00') },
  });
  scan(d, 'bc');
  dossiers.push(d);
}

export const DOSSIERS: readonly ScorecardDossier[] = dossiers;
export const SCANNED: ReadonlyMap<string, ReadonlySet<string>> = scanned;

// Electronic results: #1 and #2 in November (#1 twice: once), #23 in October, #46 in
// November: birth 2, copies 1.
export const ELECTRONIC_RESULTS: DossierEvent[] = [
  { dossierId: 'd01', at: t('11-05') },
  { dossierId: 'd01', at: t('11-05', '10:00') },
  { dossierId: 'd02', at: t('11-06') },
  { dossierId: 'd23', at: t('10-30') },
  { dossierId: 'd46', at: t('11-23', '15:00') },
];
// Reuse: #30's ct01 twice (once), #31's ct01 in November, #32's in December: residence 2.
export const REUSED: DossierEvent[] = [
  { dossierId: 'd30', at: t('11-24'), key: 'ct01' },
  { dossierId: 'd30', at: t('11-24', '09:05'), key: 'ct01' },
  { dossierId: 'd31', at: t('11-24'), key: 'ct01' },
  { dossierId: 'd32', at: t('12-01'), key: 'ct01' },
];
// Certification book: two November copies filed under 2.000815, one November copy under no
// procedure (total only), one in October: 2.000815 2, total 3.
const E_COPY = { procedureCode: '2.000815', procedureName: 'Chứng thực bản sao điện tử từ bản chính' };
export const CERTIFIED: CertificationEvent[] = [
  { at: t('11-03'), ...E_COPY },
  { at: t('11-18'), ...E_COPY },
  { at: t('11-19') },
  { at: t('10-29'), ...E_COPY },
];

const zero: Figures = {
  received: 0,
  decidedOnTime: 0,
  decidedLate: 0,
  overdueNow: 0,
  apologies: 0,
  digitised: 0,
  electronicResults: 0,
  reusedComponents: 0,
  certifiedCopies: 0,
  lookups: 0,
};

/** Counted by hand from the groups above. */
export const EXPECTED: Record<string, Figures> = {
  // received G1 10 + G2 5 + G3 3 + G4 1 + G5 3 = 22; on time G1 10 + G6 3 = 13; late G2 5 + G3 3
  // + G7 1 = 9; overdue G5 3; apologies G3 3 + G4 2 = 5; digitised G1 10 + G3 3 = 13; look-ups
  // G1 10 + G5 3 = 13; electronic results 2.
  '1.001193': { ...zero, received: 22, decidedOnTime: 13, decidedLate: 9, overdueNow: 3, apologies: 5, digitised: 13, lookups: 13, electronicResults: 2 },
  // received G9 8 + G10 3 + #44 1 = 12; on time G10 3; overdue G12 1; digitised G9 8; look-ups G9 8; reused 2.
  '1.004222': { ...zero, received: 12, decidedOnTime: 3, overdueNow: 1, digitised: 8, lookups: 8, reusedComponents: 2 },
  // G14: 5 received, 5 on time, 5 digitised; electronic result 1.
  '2.000908': { ...zero, received: 5, decidedOnTime: 5, digitised: 5, electronicResults: 1 },
  '2.000815': { ...zero, certifiedCopies: 2 },
};
// Totals: received 22+12+5 = 39; on time 13+3+5 = 21; late 9; overdue 3+1 = 4; apologies 5;
// digitised 13+8+5 = 26; electronic 3; reused 2; certified 2 + 1 unfiled = 3; look-ups 13+8 = 21.
export const EXPECTED_TOTAL: Figures = {
  received: 39,
  decidedOnTime: 21,
  decidedLate: 9,
  overdueNow: 4,
  apologies: 5,
  digitised: 26,
  electronicResults: 3,
  reusedComponents: 2,
  certifiedCopies: 3,
  lookups: 21,
};
