import { controlJson, type HandlerContext, type Reply, type Route } from '../http/types.js';
import type { SandboxControl } from './api.js';
import { ControlError } from './control-error.js';

function jsonOf(context: HandlerContext): unknown {
  if (context.body.trim() === '') return {};
  try {
    return JSON.parse(context.body);
  } catch {
    throw new ControlError('the body is not valid JSON');
  }
}

const ROUTES_HELP = {
  'GET /__sandbox/stats': 'counters: requests per route and code, creates per external id, concurrency peaks, callbacks, faults',
  'POST /__sandbox/stats/reset': 'zero the counters',
  'GET /__sandbox/accounts': 'accounts (no secrets)',
  'PUT /__sandbox/accounts/{id}':
    'create or change an account: {apiKeys, keyPairs, units, concurrency, concurrencyByModel, webhookSecret, faults}',
  'PUT /__sandbox/accounts/{id}/faults': 'replace the faults of an account',
  'PUT /__sandbox/faults': 'replace the faults of the default account',
  'GET /__sandbox/clock': 'task time, wall clock, time scale',
  'POST /__sandbox/clock': '{advanceMs?, timeScale?, skewMs?}',
  'GET /__sandbox/tasks': 'every task with its generation time and end time (?account=id)',
};

/** The control API under `/__sandbox/`: local use only, no Kling auth (optionally a control token). */
export function controlRoutes(control: SandboxControl): Route[] {
  const route = (method: Route['method'], path: string, handle: (context: HandlerContext) => Reply | Promise<Reply>): Route => ({
    name: `${method} ${path}`,
    method,
    pattern: new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
    kind: 'control',
    handle,
  });
  const id = (context: HandlerContext): string => decodeURIComponent(context.params.id ?? '');
  return [
    route('GET', '/__sandbox', () => controlJson({ routes: ROUTES_HELP })),
    route('GET', '/__sandbox/stats', () => controlJson(control.stats())),
    route('POST', '/__sandbox/stats/reset', () => {
      control.resetStats();
      return controlJson(control.stats());
    }),
    route('GET', '/__sandbox/accounts', () => controlJson(control.accounts())),
    route('GET', '/__sandbox/accounts/{id}', (context) => {
      const account = control.account(id(context));
      return account ? controlJson(account) : controlJson({ error: `account '${id(context)}' does not exist` }, 404);
    }),
    route('PUT', '/__sandbox/accounts/{id}', (context) => controlJson(control.setAccount(id(context), jsonOf(context) as never))),
    route('PUT', '/__sandbox/accounts/{id}/faults', (context) => controlJson(control.setFaults(jsonOf(context) as never, id(context)))),
    route('PUT', '/__sandbox/faults', (context) => controlJson(control.setFaults(jsonOf(context) as never))),
    route('GET', '/__sandbox/clock', () => controlJson(control.clock())),
    route('POST', '/__sandbox/clock', (context) => controlJson(control.changeClock(jsonOf(context) as never))),
    route('GET', '/__sandbox/tasks', (context) => controlJson(control.tasks(context.query.get('account') ?? undefined))),
  ];
}
