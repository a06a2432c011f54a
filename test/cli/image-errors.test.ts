import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KlingError } from '../../core/index.js';
import { readLocalImage } from '../../core/node.js';
import { jpeg, png } from '../unit/images.js';
import { ensureBuilt, jsonOf, runCli, scratchDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);

/** Never the file's bytes: not as Base64, not a prefix of it. */
function expectNoBase64Of(bytes: Buffer, text: string): void {
  const base64 = bytes.toString('base64');
  expect(text).not.toContain(base64.slice(0, 12));
}

describe('image flags: the flag, the path, and what is wrong', () => {
  const dir = scratchDir();
  const notAnImage = Buffer.from('not an image, just text\n');
  beforeAll(() => {
    writeFileSync(join(dir, 'fake.png'), notAnImage);
    writeFileSync(join(dir, 'small.png'), png(200, 120));
    writeFileSync(join(dir, 'narrow.jpg'), jpeg(300, 900));
    writeFileSync(join(dir, 'good.png'), png(640, 360));
    mkdirSync(join(dir, 'frames.png'));
    writeFileSync(join(dir, 'locked.png'), png(640, 360));
    chmodSync(join(dir, 'locked.png'), 0o000);
  });

  it.each([
    [['--image', 'fake.png'], /^error: --image fake\.png: not a JPEG or PNG image \(allowed: jpg, jpeg, png\)$/m],
    [['--image', 'small.png'], /^error: --image small\.png: a 200x120 image is too small \(allowed: at least 300 px on each side\)$/m],
    [
      ['--image', 'good.png', '--end-image', 'narrow.jpg', '--model', 'kling-2.6'],
      /^error: --end-image narrow\.jpg: a 300x900 image is not allowed \(allowed: an aspect ratio between 1:2\.5 and 2\.5:1\)$/m,
    ],
    [['--image', 'frames.png'], /^error: --image frames\.png: a directory, not an image file \(give a JPEG or PNG file\)$/m],
    [
      ['--image', 'missing.png'],
      new RegExp(`^error: --image missing\\.png: no such file \\(looked for ${join(dir, 'missing.png').replace(/[.]/g, '\\.')}\\)$`, 'm'),
    ],
    [['--end-image', ''], /^error: --end-image: empty \(give a JPEG or PNG file, or an http\(s\) URL\)$/m],
  ])('kling estimate %j', async (flags, message) => {
    const result = await runCli(['estimate', 'the boat drifts', ...flags], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/firstFrame|lastFrame/);
    expectNoBase64Of(notAnImage, result.stderr);
  });

  // Root reads any file, so there is nothing to refuse there.
  it.skipIf(process.getuid?.() === 0)('an unreadable file says so (permission denied)', async () => {
    const result = await runCli(['estimate', 'x', '--image', 'locked.png'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --image locked\.png: cannot be read \(permission denied\)$/m);
  });

  it('--json carries the flag as the field, with the same message', async () => {
    const result = await runCli(['generate', 'x', '--image', 'fake.png', '--json'], {
      cwd: dir,
      env: { KLING_API_KEY: 'sk-unused', KLING_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(result.code).toBe(2);
    const error = jsonOf(result).error;
    expect(error).toMatchObject({
      kind: 'usage',
      field: '--image',
      message: '--image fake.png: not a JPEG or PNG image (allowed: jpg, jpeg, png)',
      exitCode: 2,
    });
    expectNoBase64Of(notAnImage, result.stdout);
  });

  it('a refusal from the catalog names the flag, not the core field (--image with a URL the model cannot take)', async () => {
    const result = await runCli(['estimate', 'x', '--model', 'kling-2.6', '--image', 'ftp://example.com/a.png', '--json']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ kind: 'invalid', field: '--image' });
    expect(jsonOf(result).error.message).toMatch(/^--image: 'ftp:\/\/example\.com\/a\.png' is not allowed/);
  });
});

describe("local image files read by the core (the MCP server's first_frame), inside allowed folders only", () => {
  const root = scratchDir();
  const allowed = join(root, 'allowed');
  const outside = join(root, 'outside');
  beforeAll(() => {
    mkdirSync(allowed);
    mkdirSync(outside);
    writeFileSync(join(allowed, 'fake.png'), Buffer.from('plain text'));
    writeFileSync(join(allowed, 'small.png'), png(100, 100));
    mkdirSync(join(allowed, 'folder.png'));
    writeFileSync(join(outside, 'secret.png'), png(640, 360));
    symlinkSync(join(outside, 'secret.png'), join(allowed, 'link.png'));
  });

  async function refusal(value: string, allowedDirs: string[] = [allowed]): Promise<KlingError> {
    const error = await readLocalImage('firstFrame', value, { allowedDirs }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).field).toBe('firstFrame');
    return error as KlingError;
  }

  it('/etc/passwd is outside the allowed image folders, not "not an image"', async () => {
    const error = await refusal('/etc/passwd');
    expect(error.message).toBe(`firstFrame: /etc/passwd is outside the allowed image folders (KLING_IMAGE_DIRS: ${allowed})`);
  });

  it('with no folder allowed, any path is outside them too', async () => {
    const error = await refusal('/etc/passwd', []);
    expect(error.message).toMatch(
      /^firstFrame: \/etc\/passwd is outside the allowed image folders: local image files are not allowed here/,
    );
    expect(error.hint).toMatch(/KLING_IMAGE_DIRS/);
  });

  it('a missing file outside the folders is refused the same way: nothing is told about files elsewhere', async () => {
    const missing = await refusal(join(outside, 'no-such-file.png'));
    const present = await refusal(join(outside, 'secret.png'));
    expect(missing.message).toMatch(/is outside the allowed image folders/);
    expect(present.message).toMatch(/is outside the allowed image folders/);
  });

  it('a symbolic link that leads out is outside too', async () => {
    expect((await refusal('link.png')).message).toMatch(/link\.png is outside the allowed image folders/);
  });

  it('inside the folders: not an image, too small (with the minimum) and a directory are each named with the path', async () => {
    expect((await refusal('fake.png')).message).toBe(
      `firstFrame: ${join(allowed, 'fake.png')}: not a JPEG or PNG image (allowed: jpg, jpeg, png)`,
    );
    expect((await refusal('small.png')).message).toBe(
      `firstFrame: ${join(allowed, 'small.png')}: a 100x100 image is too small (allowed: at least 300 px on each side)`,
    );
    expect((await refusal('folder.png')).message).toBe(`firstFrame: ${join(allowed, 'folder.png')} is a directory, not an image file`);
    expect((await refusal('nope.png')).message).toBe(`firstFrame: no file at ${join(allowed, 'nope.png')}`);
  });
});
