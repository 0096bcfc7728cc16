// Imported first by main.tsx, before any schema exists: the CSP forbids eval, so zod must not
// even probe for it (the probe shows up as a CSP violation).
import { z } from 'zod';

z.config({ jitless: true });
