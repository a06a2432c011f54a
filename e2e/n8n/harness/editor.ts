import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../../../test/chromium.js';

/** Where the editor test keeps its screenshots (gitignored): e2e/n8n/artifacts/. */
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

const OWNER = { email: 'owner@example.com', firstName: 'Kay', lastName: 'Ling', password: 'Kling-e2e-Passw0rd' };

/** Debian's Chromium, installed by install-chromium.sh when missing. */
export function ensureChromium(): string {
  const result = spawnSync('bash', [join(import.meta.dirname, '..', 'install-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('CHROMIUM='));
  if (result.status !== 0 || !line) throw new Error(`install-chromium.sh failed (exit ${result.status})`);
  return line.slice('CHROMIUM='.length).trim();
}

/** The n8n editor in headless Chromium, signed in as the instance owner. Only loopback is reachable. */
export class Editor {
  private constructor(
    private readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly base: string,
    /** Requests to anything but loopback, refused. */
    readonly blocked: string[],
  ) {}

  static async open(base: string, executablePath: string): Promise<Editor> {
    // n8n marks its elements with data-test-id.
    selectors.setTestIdAttribute('data-test-id');
    const browser = await launchChromium(executablePath);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === 'data:' || protocol === 'blob:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    // A new instance asks for its owner first; the REST call signs the browser in (cookie).
    const setup = await context.request.post(`${base}/rest/owner/setup`, { data: OWNER });
    if (!setup.ok()) throw new Error(`owner setup failed: ${setup.status()} ${await setup.text()}`);
    const page = await context.newPage();
    return new Editor(browser, context, page, base, blocked);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    // Panels slide in: take the picture once nothing moves.
    await this.page.waitForFunction('document.getAnimations().every((animation) => animation.playState !== "running")');
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
