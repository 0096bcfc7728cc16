// The provincial API the desk speaks (tests/provincial/openapi.yaml), as the only requests the
// provincial link lets through: a method, a path below the approved endpoint, and the query
// parameters that operation defines. Anything else is refused before a connection is opened,
// so a renderer that has been taken over cannot use the link as a general HTTP client.
import type { LinkMethod } from '#preload/wire/sync.ts';

export interface ApiRoute {
  /** The path as the OpenAPI document writes it, e.g. /dossiers/{id}. */
  path: string;
  methods: readonly LinkMethod[];
  /** Query parameters the operation defines; any other is refused. */
  query?: readonly string[];
}

const SEGMENT: Record<string, RegExp> = {
  '{sha256}': /^[0-9a-f]{64}$/,
  // The desk's own ULIDs.
  '{id}': /^[0-9A-HJKMNP-TV-Z]{26}$/,
  // tus upload ids as @tus/server makes them (hex), with room for other servers' plain ids.
  '{uploadId}': /^[A-Za-z0-9_-]{1,128}$/,
};

export const PROVINCIAL_ROUTES: readonly ApiRoute[] = [
  { path: '/health', methods: ['GET'] },
  { path: '/status-codes', methods: ['GET'] },
  { path: '/desks/register', methods: ['POST'] },
  { path: '/auth/challenge', methods: ['POST'] },
  { path: '/auth/token', methods: ['POST'] },
  { path: '/uploads', methods: ['POST', 'OPTIONS'] },
  { path: '/uploads/{uploadId}', methods: ['HEAD', 'PATCH', 'DELETE'] },
  { path: '/files/lookup', methods: ['POST'] },
  { path: '/files/{sha256}', methods: ['HEAD', 'GET'] },
  { path: '/dossiers/{id}', methods: ['PUT', 'GET'] },
  { path: '/certified-copies/{id}', methods: ['PUT'] },
  { path: '/changes', methods: ['GET'], query: ['since', 'limit'] },
  { path: '/reconcile', methods: ['GET'], query: ['day', 'list'] },
];

function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((part, i) => {
    const rule = SEGMENT[part];
    return rule ? rule.test(got[i]!) : part === got[i];
  });
}

/**
 * Whether a request is one the provincial API defines: `path` is what follows the endpoint's
 * own path (it starts with "/"), `search` the URL's query string.
 */
export function isProvincialOperation(method: LinkMethod, path: string, search: URLSearchParams): boolean {
  const route = PROVINCIAL_ROUTES.find((r) => matches(r.path, path));
  if (!route || !route.methods.includes(method)) return false;
  const allowed = new Set(route.query ?? []);
  for (const name of search.keys()) if (!allowed.has(name)) return false;
  return true;
}
