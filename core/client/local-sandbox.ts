import { isLoopback } from '../server/loopback.js';

/**
 * Whether `baseUrl` is a Kling sandbox on this machine: a loopback address whose control API
 * answers `GET /__sandbox/clock`. One local request; false on anything else (Kling, a proxy, a
 * sandbox that does not answer within `timeoutMs`). Never throws.
 */
export async function isLocalSandbox(baseUrl: string, timeoutMs = 2_000): Promise<boolean> {
  let clockUrl: URL;
  try {
    const base = new URL(baseUrl);
    if (!isLoopback(base.hostname)) return false;
    clockUrl = new URL('/__sandbox/clock', base.origin);
  } catch {
    return false;
  }
  try {
    const response = await fetch(clockUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const clock = (await response.json()) as { timeScale?: unknown };
    return typeof clock.timeScale === 'number';
  } catch {
    return false;
  }
}
