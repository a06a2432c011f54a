import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, as the tests drive it: no sandbox (root), no GPU, and none of the
 * background connections a closed network refuses.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
