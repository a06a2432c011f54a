import { isIP } from 'node:net';
import { EnvHttpProxyAgent, request } from 'undici';
import type { Check } from './types.js';

const NAME = 'callback URL';

/** Loopback, private and link-local hosts: Kling's servers cannot reach them. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (isIP(host) === 6) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80');
  return false;
}

/**
 * The callback URL answers from here. A GET is sent (never a POST: a receiver would treat it as a
 * task update); any HTTP answer proves the host and port are served. It cannot prove that Kling's
 * servers reach it, so a private address is flagged unless the API itself is local (a sandbox).
 */
export const checkCallbackUrl: Check = async (context) => {
  const raw = context.input.options.callbackUrl;
  if (!raw) return { name: NAME, status: 'pass', detail: 'not configured: tasks are followed by polling' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { name: NAME, status: 'fail', detail: 'is not a valid URL', hint: 'Set KLING_CALLBACK_URL to an http(s) URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      name: NAME,
      status: 'fail',
      detail: `uses ${url.protocol} (allowed: http or https)`,
      hint: 'Set KLING_CALLBACK_URL to an http(s) URL.',
    };
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  const apiIsLocal = isPrivateHost(new URL(context.baseUrl).hostname);
  const dispatcher = new EnvHttpProxyAgent();
  const started = performance.now();
  let httpStatus: number;
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher,
      signal: context.signal
        ? AbortSignal.any([context.signal, AbortSignal.timeout(context.timeoutMs)])
        : AbortSignal.timeout(context.timeoutMs),
    });
    httpStatus = response.statusCode;
    await response.body.dump();
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
    return {
      name: NAME,
      status: 'fail',
      detail: `${shown} is unreachable from here: ${reason}`,
      hint: 'Check that the receiver (n8n, your server) is running and published at this address.',
    };
  } finally {
    await dispatcher.close();
  }
  const ms = Math.round(performance.now() - started);
  const data = { httpStatus, ms };
  const answered = `${shown} answered HTTP ${httpStatus} to a GET in ${ms} ms`;
  if (httpStatus >= 500) return { name: NAME, status: 'warn', detail: `${answered}: the receiver has a server error`, data };
  if (isPrivateHost(url.hostname) && !apiIsLocal) {
    return {
      name: NAME,
      status: 'warn',
      detail: `${answered}, but ${url.hostname} is a private address Kling cannot reach`,
      hint: 'Publish the receiver on a public https URL (a tunnel or a reverse proxy); until then tasks are followed by polling.',
      data,
    };
  }
  if (url.protocol === 'http:' && !apiIsLocal) {
    return {
      name: NAME,
      status: 'warn',
      detail: `${answered}; plain http: task records travel unencrypted`,
      hint: 'Use an https URL.',
      data,
    };
  }
  return { name: NAME, status: 'pass', detail: answered, data };
};
