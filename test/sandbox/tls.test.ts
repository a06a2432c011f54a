import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox } from '../../sandbox/index.js';

function httpsGet(url: string, ca: string | undefined, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--tls', () => {
  it('serves HTTPS with a self-signed certificate written to a file a client can trust', async () => {
    const sandbox = await startSandbox({ port: 0, tls: true });
    const certificate = sandbox.certificate!;
    try {
      expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(readFileSync(certificate.path, 'utf8')).toBe(certificate.pem);
      const trusted = await httpsGet(`${sandbox.url}/tasks?task_ids=0`, certificate.pem, { authorization: `Bearer ${DEMO_API_KEY}` });
      expect(trusted.status).toBe(200);
      expect(JSON.parse(trusted.body)).toMatchObject({ code: 0, data: [] });
      const viaLocalhost = await httpsGet(sandbox.url.replace('127.0.0.1', 'localhost'), certificate.pem, {});
      expect(viaLocalhost.status).toBe(404);
      await expect(httpsGet(`${sandbox.url}/tasks?task_ids=0`, undefined, {})).rejects.toThrow(/self-signed|certificate/i);
    } finally {
      await sandbox.stop();
    }
    expect(existsSync(certificate.path)).toBe(false);
  });
});
