import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Sandbox } from '../../sandbox/index.js';
import { png } from '../unit/images.js';
import {
  buildServer,
  connectStdio,
  sandboxEnv,
  sandboxForTests,
  SETUP_TIMEOUT_MS,
  structured,
  tempDir,
  type StdioServer,
} from './helpers.js';

describe('image inputs given as local files', () => {
  const root = tempDir('kling-mcp-images-');
  const allowed = path.join(root.path, 'allowed');
  const alsoAllowed = path.join(root.path, 'also-allowed');
  const outside = path.join(root.path, 'outside');
  let sandbox: Sandbox;
  let server: StdioServer;
  let withoutDirs: StdioServer;

  beforeAll(async () => {
    for (const dir of [allowed, alsoAllowed, outside]) mkdirSync(dir);
    writeFileSync(path.join(allowed, 'frame.png'), png(640, 360));
    writeFileSync(path.join(allowed, 'tiny.png'), png(200, 200));
    writeFileSync(path.join(alsoAllowed, 'second.png'), png(400, 400));
    writeFileSync(path.join(outside, 'secret.png'), png(640, 360));
    symlinkSync(path.join(outside, 'secret.png'), path.join(allowed, 'link-out.png'));

    await buildServer();
    sandbox = await sandboxForTests();
    const env = sandboxEnv(sandbox);
    server = await connectStdio({ ...env, KLING_IMAGE_DIRS: [allowed, alsoAllowed].join(path.delimiter) });
    withoutDirs = await connectStdio(env);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await withoutDirs?.close();
    await sandbox?.stop();
    root.remove();
  });

  const estimateWith = (target: StdioServer, firstFrame: string) =>
    target.client.callTool({ name: 'estimate_credits', arguments: { model: 'kling-3.0-turbo', first_frame: firstFrame, duration: 5 } });

  it('makes an image-to-video from a file inside an allowed directory', async () => {
    const result = await server.client.callTool({
      name: 'generate_video',
      arguments: {
        model: 'kling-3.0-turbo',
        prompt: 'the boat drifts away',
        first_frame: path.join(allowed, 'frame.png'),
        duration: 3,
        wait_seconds: 40,
        download: true,
      },
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ status: 'succeeded' });
    expect(structured(result).handle).toMatch(/^kt1\.n\.i2v\./);
    // A download was asked for, but this server has no download directory: it says so.
    expect(structured(result).videos[0].saved_path).toBeUndefined();
    expect(structured(result).next_step).toMatch(/Nothing was saved: the server has no download directory \(KLING_DOWNLOAD_DIR\)/);
  });

  it('accepts paths relative to the first allowed directory, file: URLs and every listed directory', async () => {
    for (const value of [
      'frame.png',
      './frame.png',
      pathToFileURL(path.join(allowed, 'frame.png')).href,
      path.join(alsoAllowed, 'second.png'),
    ]) {
      const result = await estimateWith(server, value);
      expect(result.isError, value).toBeFalsy();
      expect(structured(result)).toMatchObject({ product: 'image-to-video', units: 4 });
    }
    const omni = await server.client.callTool({
      name: 'estimate_credits',
      arguments: {
        model: 'kling-3.0-omni',
        prompt: 'the boat from @image_1',
        reference_images: [path.join(allowed, 'frame.png')],
        duration: 5,
        aspect_ratio: '16:9',
      },
    });
    expect(omni.isError).toBeFalsy();
    expect(structured(omni)).toMatchObject({ model: 'kling-3.0-omni', product: 'omni-video' });
  });

  it('refuses files outside the allowed directories, by path, by ../ and through a symbolic link', async () => {
    for (const value of [path.join(outside, 'secret.png'), '../outside/secret.png', path.join(allowed, 'link-out.png')]) {
      const result = await estimateWith(server, value);
      expect(result.isError, value).toBe(true);
      const error = structured(result).error;
      expect(error).toMatchObject({ kind: 'invalid', field: 'first_frame' });
      expect(error.message).toContain('is outside the allowed image folders');
      expect(error.hint).toMatch(/allowed directories/);
    }
    const generate = await server.client.callTool({
      name: 'generate_video',
      arguments: { model: 'kling-3.0-turbo', first_frame: path.join(outside, 'secret.png'), wait_seconds: 0 },
    });
    expect(generate.isError).toBe(true);
    expect(sandbox.tasks().length).toBe(1);
  });

  it('checks the file like any image (a 200 px PNG is too small) and names missing files', async () => {
    const tiny = structured(await estimateWith(server, path.join(allowed, 'tiny.png'))).error;
    expect(tiny).toMatchObject({ field: 'first_frame' });
    expect(tiny.message).toMatch(/200x200 image is too small/);
    const missing = structured(await estimateWith(server, path.join(allowed, 'nope.png'))).error;
    expect(missing.message).toMatch(/no file at/);
  });

  it('refuses local files when no image directory is configured, saying what to set', async () => {
    const result = await estimateWith(withoutDirs, path.join(allowed, 'frame.png'));
    expect(result.isError).toBe(true);
    expect(structured(result).error.message).toMatch(/local image files are not allowed here/);
    expect(structured(result).error.hint).toMatch(/KLING_IMAGE_DIRS/);
  });
});
