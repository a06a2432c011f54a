/** What kind of failure an error is; surfaces switch on this, never on HTTP status. */
export type ErrorKind =
  | 'auth'
  | 'balance'
  | 'permission'
  | 'invalid'
  | 'policy'
  | 'rate'
  | 'concurrency'
  | 'server'
  | 'network'
  | 'timeout'
  | 'task_failed'
  | 'budget'
  | 'unavailable'
  | 'cancelled';

export interface CodeInfo {
  httpStatus: number;
  kind: ErrorKind;
  meaning: string;
  retryable: boolean;
  hint: string;
}

/** Kling's error codes, one table for both standards (shared/kling-api.md §6). */
export const KLING_CODES: Readonly<Record<number, CodeInfo>> = {
  1000: {
    httpStatus: 401,
    kind: 'auth',
    meaning: 'authentication failed',
    retryable: false,
    hint: 'Check the API key (or access key and secret key) in your configuration.',
  },
  1001: {
    httpStatus: 401,
    kind: 'auth',
    meaning: 'Authorization header empty',
    retryable: false,
    hint: 'Set an API key, or an access key and secret key.',
  },
  1002: {
    httpStatus: 401,
    kind: 'auth',
    meaning: 'Authorization invalid',
    retryable: false,
    hint: 'Check the credentials. Access key + secret key only work on legacy endpoints: use an API key for the new-standard endpoints.',
  },
  1003: {
    httpStatus: 401,
    kind: 'auth',
    meaning: 'token not yet valid',
    retryable: false,
    hint: "The signed token is not valid yet: this machine's clock is probably ahead or behind. Synchronise it (NTP).",
  },
  1004: {
    httpStatus: 401,
    kind: 'auth',
    meaning: 'token expired',
    retryable: true,
    hint: "The signed token has expired; it is re-signed automatically. If this persists, check this machine's clock.",
  },
  1100: {
    httpStatus: 429,
    kind: 'balance',
    meaning: 'account abnormal',
    retryable: false,
    hint: 'The Kling account is in an abnormal state: contact Kling support.',
  },
  1101: {
    httpStatus: 429,
    kind: 'balance',
    meaning: 'account in arrears',
    retryable: false,
    hint: 'The account is in arrears: top it up in the Kling console.',
  },
  1102: {
    httpStatus: 429,
    kind: 'balance',
    meaning: 'resource pack used up or expired',
    retryable: false,
    hint: 'The resource pack is used up or expired: buy or activate a pack in the Kling console.',
  },
  1103: {
    httpStatus: 403,
    kind: 'permission',
    meaning: 'no permission for this API or model',
    retryable: false,
    hint: 'The account has no access to this API or model: choose another model or enable it in the console.',
  },
  1200: {
    httpStatus: 400,
    kind: 'invalid',
    meaning: 'invalid request',
    retryable: false,
    hint: 'The request was malformed: check the parameters.',
  },
  1201: {
    httpStatus: 400,
    kind: 'invalid',
    meaning: 'invalid parameter',
    retryable: false,
    hint: 'A parameter was refused: the message names it.',
  },
  1202: {
    httpStatus: 404,
    kind: 'invalid',
    meaning: 'wrong HTTP method',
    retryable: false,
    hint: 'The endpoint does not accept this HTTP method.',
  },
  1203: {
    httpStatus: 404,
    kind: 'invalid',
    meaning: 'resource does not exist',
    retryable: false,
    hint: 'The model or endpoint does not exist: check the model name.',
  },
  1300: {
    httpStatus: 400,
    kind: 'policy',
    meaning: 'platform policy',
    retryable: false,
    hint: 'Refused by platform policy: change the input.',
  },
  1301: {
    httpStatus: 400,
    kind: 'policy',
    meaning: 'content safety triggered',
    retryable: false,
    hint: 'Content safety was triggered: change the prompt or the images.',
  },
  1302: {
    httpStatus: 429,
    kind: 'rate',
    meaning: 'too many requests',
    retryable: true,
    hint: 'Too many requests: slow down; retried with backoff.',
  },
  1303: {
    httpStatus: 429,
    kind: 'concurrency',
    meaning: 'parallel task over resource pack limit',
    retryable: true,
    hint: 'Too many tasks running at once for this pack: queued and retried; lower the concurrency setting.',
  },
  1304: {
    httpStatus: 429,
    kind: 'permission',
    meaning: 'IP allow-list policy',
    retryable: false,
    hint: "This machine's IP address is not on the account's allow-list.",
  },
  5000: {
    httpStatus: 500,
    kind: 'server',
    meaning: 'internal error',
    retryable: true,
    hint: 'Kling had an internal error: try again shortly.',
  },
  5001: { httpStatus: 503, kind: 'server', meaning: 'maintenance', retryable: true, hint: 'Kling is under maintenance: try again later.' },
  5002: {
    httpStatus: 504,
    kind: 'server',
    meaning: 'internal timeout',
    retryable: true,
    hint: 'Kling timed out internally; the task may exist: look it up by its external task id.',
  },
};

export function codeInfo(code: number): CodeInfo | undefined {
  return KLING_CODES[code];
}
