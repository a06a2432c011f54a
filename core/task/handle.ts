import type { Product, Standard } from '../catalog/types.js';
import { KlingError } from '../errors/kling-error.js';

/*
 * Task handle format, version 1 (stored in users' workflows: never change what it means).
 *
 *   kt1.<standard>.<product>.<id>        e.g.  kt1.n.t2v.865102245447913488
 *
 *   kt1       format tag and version
 *   standard  n = new standard, l = legacy standard: the family of endpoints to read the task from
 *   product   t2v, i2v, omni, mc, mi2v, ext (see PRODUCT_CODES), or _ when unknown
 *   id        the Kling task id, verbatim (18–19 digit string: never parsed as a number)
 *
 * Only URL-safe characters; `.` cannot occur in an id, so the four parts always split cleanly.
 * A handle carries no secret and no account: it is a route and an id, nothing more.
 */

/** Ids as Kling, the sandbox and gateways issue them: digits mostly, never a dot. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HANDLE_PATTERN = /^kt(\d+)\.([a-z])\.([a-z0-9_]+)\.(.*)$/;
const GATEWAY_PATTERN = /^kling-(t2v|i2v|omni|mc)-(.+)$/;

const HANDLE_VERSION = '1';
const UNKNOWN_PRODUCT = '_';

const PRODUCT_CODES: Readonly<Record<Product, string>> = {
  'text-to-video': 't2v',
  'image-to-video': 'i2v',
  'omni-video': 'omni',
  'motion-control': 'mc',
  'multi-image-to-video': 'mi2v',
  'video-extend': 'ext',
};
const STANDARD_CODES: Readonly<Record<Standard, string>> = { new: 'n', legacy: 'l' };

const PRODUCTS_BY_CODE = new Map(Object.entries(PRODUCT_CODES).map(([product, code]) => [code, product as Product]));
const STANDARDS_BY_CODE = new Map(Object.entries(STANDARD_CODES).map(([standard, code]) => [code, standard as Standard]));

export interface HandleParts {
  standard: Standard;
  product?: Product;
  id: string;
}

/** What a caller may give to read a task: one of our handles, a bare Kling id, or a gateway's prefixed id. */
export type TaskRef =
  | { kind: 'handle'; standard: Standard; product?: Product; id: string }
  | { kind: 'raw'; id: string }
  /** `id` is the Kling id inside the prefix; `gatewayId` is the prefixed id exactly as given. */
  | { kind: 'gateway'; product: Product; id: string; gatewayId: string };

export function isTaskId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function encodeHandle(parts: HandleParts): string {
  if (!isTaskId(parts.id)) {
    throw KlingError.invalid('task', `${describe(parts.id)} cannot be put in a task handle (expected 1–64 letters, digits, _ or -)`);
  }
  const product = parts.product === undefined ? UNKNOWN_PRODUCT : PRODUCT_CODES[parts.product];
  return `kt${HANDLE_VERSION}.${STANDARD_CODES[parts.standard]}.${product}.${parts.id}`;
}

export function parseTaskRef(ref: string): TaskRef {
  const text = typeof ref === 'string' ? ref.trim() : '';
  const handle = HANDLE_PATTERN.exec(text);
  if (handle) return parseHandle(text, handle);

  const gateway = GATEWAY_PATTERN.exec(text);
  if (gateway && isTaskId(gateway[2] ?? '')) {
    const product = PRODUCTS_BY_CODE.get(gateway[1] ?? '') as Product;
    return { kind: 'gateway', product, id: gateway[2] as string, gatewayId: text };
  }

  if (isTaskId(text)) return { kind: 'raw', id: text };
  throw notARef(ref, 'expected a handle like kt1.n.t2v.865102245447913488, a Kling task id or kling-t2v-<id>');
}

function parseHandle(text: string, match: RegExpExecArray): TaskRef {
  const [, version, standardCode, productCode, id] = match;
  if (version !== HANDLE_VERSION) {
    throw notARef(text, `handle version ${version} is not known to this version of n8n-nodes-kling; update it`);
  }
  const standard = STANDARDS_BY_CODE.get(standardCode ?? '');
  if (standard === undefined) throw notARef(text, `unknown standard code "${standardCode}" (n or l)`);
  if (id === undefined || !isTaskId(id)) throw notARef(text, 'the id part is not a Kling task id');
  if (productCode === UNKNOWN_PRODUCT) return { kind: 'handle', standard, id };
  const product = PRODUCTS_BY_CODE.get(productCode ?? '');
  if (product === undefined) {
    throw notARef(text, `unknown product code "${productCode}" (${[...PRODUCTS_BY_CODE.keys(), UNKNOWN_PRODUCT].join(', ')})`);
  }
  return { kind: 'handle', standard, product, id };
}

function notARef(ref: unknown, why: string): KlingError {
  return KlingError.invalid('task', `${describe(ref)} is not a task handle or Kling task id (${why})`);
}

/** The offending input, quoted and shortened so an error never echoes a whole pasted document. */
function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value} value`;
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
