// The screens a desk shows after sign-in, each in a chunk of its own (with pdf.js, the scan,
// signing and catalogue code they pull in), so that a desk being switched on parses only what
// the sign-in form needs (issue 17: first interactive screen). Once the sign-in form is up they
// are fetched while the officer types the password, so the desk after sign-in does not wait.
import { lazy } from 'react';
import { desk } from './host.ts';

const loaders = {
  reception: () => import('../features/reception/ReceptionPage.tsx'),
  dossiers: () => import('../features/dossiers/DossierListPage.tsx'),
  settings: () => import('../features/settings/SettingsPage.tsx'),
  guide: () => import('../features/guide/Guide.tsx'),
};

export const ReceptionPage = lazy(() => loaders.reception().then((m) => ({ default: m.ReceptionPage })));
export const DossierListPage = lazy(() => loaders.dossiers().then((m) => ({ default: m.DossierListPage })));
export const SettingsPage = lazy(() => loaders.settings().then((m) => ({ default: m.SettingsPage })));
export const Guide = lazy(() => loaders.guide().then((m) => ({ default: m.Guide })));
/** First run only: the wizard and the bundled catalogue it installs. */
export const SetupWizard = lazy(() => import('../features/settings/SetupWizard.tsx').then((m) => ({ default: m.SetupWizard })));

let fetched = false;

/**
 * Starts loading the desk's screens when the browser is next idle (or after a short wait where
 * it cannot say), once per app run: the module cache keeps them for the lazy components.
 */
export function prefetchDeskPages(): void {
  if (fetched) return;
  fetched = true;
  const load = () => {
    for (const load of Object.values(loaders)) void load().catch(() => undefined);
    // The receipt appears as soon as it is accepted: pdf.js's worker is started beforehand, and
    // a sample receipt main renders is drawn off screen once.
    void import('../ui/pdfRaster.ts')
      .then(async (m) => {
        m.pdfWorker();
        await m.warmPdfDrawing(await desk['forms.sample']({}));
      })
      .catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 1000 });
  else setTimeout(load, 200);
}
