import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { runCli, scratchDir, type CliResult } from '../cli/helpers.js';
import { connectStdio } from '../mcp/helpers.js';
import { legacyRequest } from '../n8n/support/n8n-context.js';

/*
 * Issue 15: a canary secret appears 0 times over every error path of every door — the CLI (text and
 * --json), the MCP server's tool results and log, the n8n credential test — against a server that
 * echoes the Authorization header back in its request_id and its message, and in a 5xx body.
 */

const API_KEY = 'canary-api-key-7f3a9c1e5b2d4f6a';
const ACCESS_KEY = 'canary-access-key-8e2b4d6f0a1c';
const SECRET_KEY = 'canary-secret-key-3c5e7a9b1d2f';
const CANARIES = [API_KEY, ACCESS_KEY, SECRET_KEY];

let echo: Server;
let url: string;
let answered = 0;

beforeAll(async () => {
  echo = createServer((request, response) => {
    answered += 1;
    const authorization = String(request.headers.authorization ?? '');
    // Every other request a Kling-shaped refusal echoing the header; the rest a bare 500 echoing it too.
    if (answered % 2 === 0) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 1000, message: `bad credentials: ${authorization}`, request_id: authorization }));
    } else {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`upstream failed for ${authorization}`);
    }
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

/** The canaries, and the JWT an access key + secret key become (it starts with eyJ). */
function expectClean(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/);
}

const credentialSets: [string, Record<string, string>][] = [
  ['API key', { KLING_API_KEY: API_KEY }],
  ['access key + secret key', { KLING_ACCESS_KEY: ACCESS_KEY, KLING_SECRET_KEY: SECRET_KEY }],
];

describe('the kling command', () => {
  for (const [name, credentials] of credentialSets) {
    it(`${name}: no canary in any output of generate, task and doctor, in text or JSON`, async () => {
      const env = { KLING_BASE_URL: url, ...credentials };
      const dir = scratchDir();
      const runs: CliResult[] = [];
      const before = answered;
      for (const args of [
        ['generate', 'a canary', '--model', 'kling-2.6'],
        ['generate', 'a canary', '--model', 'kling-2.6', '--json'],
        ['task', 'kt1.l.t2v.123456789012345678'],
        ['task', 'kt1.l.t2v.123456789012345678', '--json'],
        ['doctor'],
        ['doctor', '--json'],
      ]) {
        runs.push(await runCli(args, { env, cwd: dir }));
      }
      expect(runs.some((run) => run.code !== 0)).toBe(true);
      // The server really answered (and echoed): nothing here was refused before sending.
      expect(answered - before).toBeGreaterThanOrEqual(6);
      for (const run of runs) expectClean(`${run.stdout}\n${run.stderr}`);
    });
  }
});

describe('the MCP server', () => {
  for (const [name, credentials] of credentialSets) {
    it(`${name}: no canary in the tool results or the server's log`, async () => {
      const server = await connectStdio({ KLING_BASE_URL: url, KLING_LOG_LEVEL: 'debug', ...credentials });
      const before = answered;
      try {
        const results = [
          await server.client.callTool({ name: 'generate_video', arguments: { prompt: 'a canary', model: 'kling-2.6', wait_seconds: 0 } }),
          await server.client.callTool({ name: 'get_task', arguments: { task: 'kt1.l.t2v.123456789012345678' } }),
        ];
        expect(results.every((result) => result.isError === true)).toBe(true);
        expect(answered - before).toBeGreaterThanOrEqual(2);
        expectClean(JSON.stringify(results));
        expectClean(server.stderr());
      } finally {
        await server.close();
      }
    });
  }
});

describe('the n8n credential test', () => {
  const node = new KlingAi();
  for (const [name, data] of [
    ['API key', { authentication: 'apiKey', apiKey: API_KEY }],
    ['access key + secret key', { authentication: 'accessKey', accessKey: ACCESS_KEY, secretKey: SECRET_KEY }],
  ] as const) {
    it(`${name}: no canary in its message`, async () => {
      const before = answered;
      const result = await node.methods.credentialTest.klingAiApiTest.call(
        { helpers: { request: legacyRequest } } as unknown as ICredentialTestFunctions,
        {
          id: 'c',
          name: 'Kling',
          type: 'klingAiApi',
          data: { ...data, region: 'custom', baseUrl: url } as unknown as ICredentialsDecrypted['data'],
        },
      );
      expect(result.status).toBe('Error');
      expect(answered).toBeGreaterThan(before);
      expectClean(JSON.stringify(result));
    });
  }
});
