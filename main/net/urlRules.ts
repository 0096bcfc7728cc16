// The one rule set for every address main reaches out to, applied when an administrator's change
// is checked before approval and again whenever the settings are loaded:
// - the provincial system and the update feed: https, or plain http only to this computer (a
//   trial server);
// - the timestamp authority: http or https, because RFC 3161 over plain HTTP is the norm (the
//   answer is a signed token, checked before use); only the one approved address is ever asked;
// - a network scanner (eSCL): http or https on the office network, as scanners serve it;
// and for all of them nothing smuggled into the address itself: no credentials, query or fragment.
import { DeskError } from '#domain/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type AddressKind = 'provincial' | 'update-feed' | 'tsa' | 'escl';

export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Credentials, a query or a fragment: never part of an address the desk is configured with. */
export function hasUrlExtras(url: URL): boolean {
  return Boolean(url.username || url.password || url.search || url.hash);
}

interface KindRules {
  /** Stable error codes: the settings flow and the services that load the address share them. */
  bad: string;
  insecure: string;
  what: { vi: string; en: string };
  allowed: (url: URL) => boolean;
  insecureText: { vi: string; en: string };
  /** The update feed names a file, not a folder. */
  namesFile?: boolean;
}

const RULES: Record<AddressKind, KindRules> = {
  provincial: {
    bad: 'sync.bad-endpoint',
    insecure: 'sync.insecure-endpoint',
    what: { vi: 'Địa chỉ của tỉnh', en: 'The provincial address' },
    allowed: isHttpsOrLoopback,
    insecureText: {
      vi: 'Địa chỉ của tỉnh phải dùng https:// (http:// chỉ dùng được với máy chủ thử nghiệm trên chính máy này).',
      en: 'The provincial address must use https:// (http:// only for a test server on this computer).',
    },
  },
  'update-feed': {
    bad: 'update.bad-feed-url',
    insecure: 'update.insecure-feed-url',
    what: { vi: 'Địa chỉ máy chủ cập nhật', en: 'The update server address' },
    allowed: isHttpsOrLoopback,
    insecureText: {
      vi: 'Địa chỉ máy chủ cập nhật phải dùng https:// (http:// chỉ dùng với máy chủ thử nghiệm trên chính máy này).',
      en: 'The update server address must use https:// (http:// only for a test server on this computer).',
    },
    namesFile: true,
  },
  tsa: {
    bad: 'signing.bad-tsa-url',
    insecure: 'signing.bad-tsa-url',
    what: { vi: 'Địa chỉ máy chủ dấu thời gian', en: 'The timestamp server address' },
    allowed: (url) => url.protocol === 'https:' || url.protocol === 'http:',
    insecureText: {
      vi: 'Địa chỉ máy chủ dấu thời gian phải bắt đầu bằng http:// hoặc https://.',
      en: 'The timestamp server address must start with http:// or https://.',
    },
  },
  escl: {
    bad: 'scan.bad-escl-address',
    insecure: 'scan.bad-escl-address',
    what: { vi: 'Địa chỉ máy quét mạng', en: 'The network scanner address' },
    allowed: (url) => url.protocol === 'https:' || url.protocol === 'http:',
    insecureText: {
      vi: 'Địa chỉ máy quét mạng phải bắt đầu bằng http:// hoặc https://.',
      en: 'The network scanner address must start with http:// or https://.',
    },
  },
};

/** Parses and checks one address of a kind; the DeskError says which rule it breaks. */
export function checkAddress(kind: AddressKind, text: string): URL {
  const rules = RULES[kind];
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DeskError(rules.bad, { vi: `${rules.what.vi} "${text}" không hợp lệ.`, en: `${rules.what.en} "${text}" is not valid.` });
  }
  if (!rules.allowed(url)) throw new DeskError(rules.insecure, rules.insecureText);
  if (hasUrlExtras(url)) {
    throw new DeskError(rules.bad, {
      vi: `${rules.what.vi} không được chứa tài khoản, tham số hay #.`,
      en: `${rules.what.en} must not carry credentials, a query or a fragment.`,
    });
  }
  if (rules.namesFile && url.pathname.endsWith('/')) {
    throw new DeskError(rules.bad, {
      vi: `${rules.what.vi} phải là đường dẫn tới tệp (ví dụ …/update.json).`,
      en: `${rules.what.en} must name the feed file (e.g. …/update.json).`,
    });
  }
  return url;
}
