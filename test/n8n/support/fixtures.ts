import { DEMO_API_KEY, startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/index.js';
import type { KlingAiApiCredentials } from '../../../credentials/KlingAiApi.credentials.js';

/** Sandbox time scale for these tests: a kling-3.0-turbo task takes about 70 ms. */
export const TIME_SCALE = 0.002;

export function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, timeScale: TIME_SCALE, seed: 7, ...options });
}

/** A credential pointing at a sandbox (custom base URL; the client learns the sandbox's clock from its replies). */
export function credentialsFor(box: Sandbox, extra: Partial<KlingAiApiCredentials> = {}): KlingAiApiCredentials {
  return {
    authentication: 'apiKey',
    apiKey: DEMO_API_KEY,
    region: 'custom',
    baseUrl: box.url,
    concurrency: 5,
    webhookSecret: '',
    ...extra,
  };
}

export const MP4_BRAND = 'ftyp';

/** Whether base64 data holds an MP4 (an ISO base media file: `ftyp` box first). */
export function isMp4(base64: string): boolean {
  return Buffer.from(base64, 'base64').subarray(4, 8).toString('latin1') === MP4_BRAND;
}
