// What sync.request carries: the provincial API's methods, and the response main's provincial
// link returns to the renderer's sync engine.

/** The methods of the provincial API (tests/provincial/openapi.yaml); sync.request takes no other. */
export const LINK_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

export interface LinkResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}
