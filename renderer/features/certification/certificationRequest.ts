// A certified copy started from a 2.000815 dossier (issue 15 §1): the dossier's detail leaves a
// request here and asks the app to switch screens; the certification screen takes it when it
// opens, with the dossier's applicant and its scanned original preselected. Held in memory only:
// a request is for the screen about to open, not something to keep.
import { useEffect, useRef } from 'react';

export interface CertificationRequest {
  dossierId: string;
  dossierCode: string;
  /** Shown to the officer; the book itself names no citizen. */
  applicantName: string;
  /** What the original is: the procedure's component the scan was filed under. */
  document: string;
  /** The stored scan of the original (db.files). */
  fileId: string;
}

let pending: CertificationRequest | null = null;
const listeners = new Set<() => void>();

export function requestCertification(request: CertificationRequest): void {
  pending = request;
  for (const listener of listeners) listener();
}

/**
 * The request left for the certification screen. Read, then cleared once used
 * (clearCertificationRequest): a screen mounted twice in a row (React's strict mode) reads it both times.
 */
export function peekCertificationRequest(): CertificationRequest | null {
  return pending;
}

export function clearCertificationRequest(request: CertificationRequest): void {
  if (pending === request) pending = null;
}

/** The app's side: switch to the certification screen when a dossier asks for it. */
export function useCertificationRequests(open: () => void): void {
  const callback = useRef(open);
  callback.current = open;
  useEffect(() => {
    const listener = () => callback.current();
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
}
