import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadVideo } from '../../cli/download.js';
import { KlingError } from '../../core/index.js';
import { scratchDir } from './helpers.js';

const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(64, 7)]);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/video.mp4') response.writeHead(200, { 'content-type': 'video/mp4' }).end(MP4);
    else if (request.url === '/page.html') response.writeHead(200, { 'content-type': 'text/html' }).end('<html>expired</html>');
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
});

describe('downloadVideo (the CLI saving a result video)', () => {
  it('saves the bytes under the path, creating folders, and recognises an MP4', async () => {
    const path = join(scratchDir(), 'nested', 'boat.mp4');
    const saved = await downloadVideo(`${base}/video.mp4`, path);
    expect(saved).toEqual({ path, bytes: MP4.length, mp4: true });
    expect(readFileSync(path).equals(MP4)).toBe(true);
  });

  it('says when the file is not an MP4', async () => {
    const path = join(scratchDir(), 'page.mp4');
    expect(await downloadVideo(`${base}/page.html`, path)).toEqual({ path, bytes: 20, mp4: false });
  });

  it('an expired link fails with the HTTP status and leaves no file behind', async () => {
    const dir = scratchDir();
    const error = await downloadVideo(`${base}/gone.mp4`, join(dir, 'gone.mp4')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KlingError);
    expect(error).toMatchObject({ kind: 'invalid', httpStatus: 404 });
    expect((error as KlingError).hint).toMatch(/30 days/);
    expect(existsSync(join(dir, 'gone.mp4'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
