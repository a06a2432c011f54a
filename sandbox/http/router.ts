import { KlingFailure } from './kling-failure.js';
import type { Route } from './types.js';

export type Match = { route: Route; params: Record<string, string> } | { failure: KlingFailure; control: boolean };

/**
 * Finds the route of a request. A known path with another method is Kling's 404/1202; an unknown
 * path is 404/1203. HEAD is served as GET on the file route.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const effective = method === 'HEAD' ? 'GET' : method;
  let pathKnown = false;
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    pathKnown = true;
    if (route.method !== effective || (method === 'HEAD' && route.kind !== 'file')) continue;
    return { route, params: { ...found.groups } };
  }
  const control = path === '/__sandbox' || path.startsWith('/__sandbox/');
  if (pathKnown) return { failure: new KlingFailure(1202, `The requested method is invalid: ${method} ${path}`), control };
  return { failure: new KlingFailure(1203, `The requested resource does not exist: ${path}`), control };
}

/** The path without a gateway prefix (`/klingai/v1/videos/…` → `/v1/videos/…`). */
export function stripPrefix(path: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) {
    if (path.startsWith(`${prefix}/`)) return path.slice(prefix.length);
  }
  return path;
}
