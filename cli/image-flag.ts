import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { imageProblem, MAX_IMAGE_BYTES } from '../core/node.js';
import { UsageError } from './errors.js';

/**
 * The value of an image flag (`--image`, `--end-image`): a URL or `data:` value passes through
 * to the core's checks; anything else is a local file, read and sent as Base64 once it is known to be a JPEG or
 * PNG that Kling takes. Errors name the flag and the path as typed and say what is wrong, never
 * quoting the file's bytes.
 */
export function imageFlagValue(flag: string, value: string, cwd: string): string {
  // URLs (the core checks the scheme: http and https only) and `data:` values are not files.
  if (/^([a-z][a-z0-9+.-]*:\/\/|data:)/i.test(value.trim())) return value;
  const named = `${flag} ${value}`;
  if (value.trim() === '') throw new UsageError(`${flag}: empty (give a JPEG or PNG file, or an http(s) URL)`, flag);
  const path = resolve(cwd, value.replace(/^~(?=[\\/])/, homedir()));
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UsageError(`${named}: a directory, not an image file (give a JPEG or PNG file)`, flag);
    if (!stats.isFile()) throw new UsageError(`${named}: not a regular file (give a JPEG or PNG file)`, flag);
    size = stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${named}: ${fileProblem(error, path)}`, flag);
  }
  if (size > MAX_IMAGE_BYTES.new) throw new UsageError(`${named}: an image of ${size} bytes is too large (allowed: at most 50 MB)`, flag);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`${named}: ${fileProblem(error, path)}`, flag);
  }
  const problem = imageProblem(bytes);
  if (problem !== undefined) throw new UsageError(`${named}: ${problem}`, flag);
  return bytes.toString('base64');
}

function fileProblem(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file (looked for ${path})`;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? String(error)})`;
}
