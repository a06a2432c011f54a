import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallToolResult } from '@modelcontextprotocol/client';
import type { Browser } from 'playwright-core';
import type { Sandbox } from '../../sandbox/index.js';
import { buildServer, connectStdio, sandboxEnv, sandboxForTests, SETUP_TIMEOUT_MS, structured, type StdioServer } from './helpers.js';
import { launchChromium } from '../chromium.js';

/**
 * The MCP Apps player (`ui://kling-mcp/player`), read through the official client and rendered in
 * headless Chromium inside a minimal MCP Apps host: a page that frames the view in a sandboxed
 * iframe under the CSP its `_meta.ui.csp` declares, answers `ui/initialize` and then sends the
 * tool input and the real generate_video result, as the ext-apps specification describes.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'mcp-player.png');
const PLAYER_URI = 'ui://kling-mcp/player';

interface ViewResource {
  html: string;
  resourceDomains: string[];
}

/** The view's CSP: the spec's restrictive default, with the declared origins for media. */
function cspOf(view: ViewResource): string {
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `media-src ${view.resourceDomains.join(' ')}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function hostPage(toolArguments: unknown, toolResult: unknown): string {
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>MCP Apps test host</title>
<style>body{margin:0;font-family:sans-serif} iframe{border:1px solid #ccc;width:820px;height:340px}</style></head>
<body><iframe id="view" sandbox="allow-scripts" src="/view"></iframe>
<script>
const view = document.getElementById('view');
const toolArguments = ${json(toolArguments)};
const toolResult = ${json(toolResult)};
window.hostLog = [];
window.addEventListener('message', (event) => {
  if (event.source !== view.contentWindow) return;
  const message = event.data;
  window.hostLog.push(message.method || 'response');
  const post = (reply) => view.contentWindow.postMessage({ jsonrpc: '2.0', ...reply }, '*');
  if (message.method === 'ui/initialize') {
    post({ id: message.id, result: { protocolVersion: '2026-01-26', hostInfo: { name: 'test-host', version: '1' }, hostCapabilities: {}, hostContext: { theme: 'light', displayMode: 'inline' } } });
  } else if (message.method === 'ui/notifications/initialized') {
    post({ method: 'ui/notifications/tool-input', params: { arguments: toolArguments } });
    post({ method: 'ui/notifications/tool-result', params: toolResult });
  }
});
</script></body></html>`;
}

describe('the MCP Apps video player in Chromium', () => {
  let sandbox: Sandbox;
  let server: StdioServer;
  let host: Server | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: this test renders the MCP Apps player in Debian's Chromium (apt-get install -y chromium)`);
    }
    await buildServer();
    sandbox = await sandboxForTests();
    server = await connectStdio(sandboxEnv(sandbox), [], {
      capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } },
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
    await server?.close();
    await sandbox?.stop();
  });

  it('links generate_video and get_task to the ui:// player, whose resource is self-contained HTML', async () => {
    const { tools } = await server.client.listTools();
    for (const name of ['generate_video', 'get_task'])
      expect(tools.find((tool) => tool.name === name)?._meta).toEqual({ ui: { resourceUri: PLAYER_URI } });
    const { resources } = await server.client.listResources();
    expect(resources.find((resource) => resource.uri === PLAYER_URI)).toMatchObject({ mimeType: 'text/html;profile=mcp-app' });
    const read = await server.client.readResource({ uri: PLAYER_URI });
    const content = read.contents[0] as {
      uri: string;
      mimeType: string;
      text: string;
      _meta: { ui: { csp: { resourceDomains: string[] } } };
    };
    expect(content).toMatchObject({ uri: PLAYER_URI, mimeType: 'text/html;profile=mcp-app' });
    expect(content.text).toMatch(/^<!DOCTYPE html>/);
    // Nothing is loaded from anywhere but the video's origin: no external script, style, font or image.
    expect(content.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(content.text).not.toMatch(/https?:\/\//);
    expect(content._meta.ui.csp.resourceDomains).toContain(sandbox.url);
  });

  it('plays a finished video in a <video> element, with its prompt, model, duration and cost beside it', async () => {
    const toolArguments = {
      model: 'kling-3.0-turbo',
      prompt: 'a red paper boat on a calm lake at sunrise',
      duration: 3,
      wait_seconds: 40,
      download: false,
    };
    const result = (await server.client.callTool({ name: 'generate_video', arguments: toolArguments })) as CallToolResult;
    const output = structured(result);
    expect(output.status).toBe('succeeded');
    const read = await server.client.readResource({ uri: PLAYER_URI });
    const content = read.contents[0] as unknown as { text: string; _meta: { ui: { csp: { resourceDomains: string[] } } } };
    const view: ViewResource = { html: content.text, resourceDomains: content._meta.ui.csp.resourceDomains };

    host = createServer((req, res) => {
      if (req.url === '/view') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': cspOf(view) });
        return res.end(view.html);
      }
      if (req.url === '/host') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(hostPage(toolArguments, result));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => host?.listen(0, '127.0.0.1', resolve));
    const hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

    browser = await launchChromium(CHROMIUM);
    const page = await browser.newPage({ viewport: { width: 840, height: 360 } });
    const requested: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${hostOrigin}/host`);
    const frame = page.frameLocator('#view');
    await expect.poll(async () => frame.locator('body').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');

    const playable = await page
      .frames()
      .find((candidate) => candidate.url().endsWith('/view'))
      // Runs in the page: a string, since this project's TypeScript has no DOM types.
      ?.waitForFunction(
        `(() => {
          const video = document.querySelector('video');
          return video && video.readyState >= 1 && video.duration > 0 ? { readyState: video.readyState, duration: video.duration, src: video.currentSrc } : false;
        })()`,
        undefined,
        { timeout: 20_000 },
      );
    const state = (await playable?.jsonValue()) as { readyState: number; duration: number; src: string };
    expect(state.readyState).toBeGreaterThanOrEqual(1);
    expect(state.duration).toBeGreaterThan(0);
    expect(state.src).toBe(output.videos[0].url);

    expect(await frame.locator('#prompt').textContent()).toBe(toolArguments.prompt);
    expect(await frame.locator('#model').textContent()).toBe('kling-3.0-turbo');
    expect(await frame.locator('#duration').textContent()).toMatch(/^\d+\.\d s$/);
    expect(await frame.locator('#cost').textContent()).toBe(`${output.cost_units} units (about $${output.cost_usd})`);

    // The view spoke the MCP Apps handshake and loaded nothing but the host page, itself and the MP4.
    const hostLog = (await page.evaluate('window.hostLog')) as string[];
    expect(hostLog.slice(0, 2)).toEqual(['ui/initialize', 'ui/notifications/initialized']);
    for (const url of requested) expect([hostOrigin, sandbox.url]).toContain(new URL(url).origin);
    expect(violations).toEqual([]);

    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
