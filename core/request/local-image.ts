import { open, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KlingError } from '../errors/kling-error.js';
import type { GenerationRequest } from './schema.js';
import { MAX_IMAGE_BYTES } from './image.js';

export interface LocalImageOptions {
  /** Directories local image files may be read from; none means local files are refused. */
  allowedDirs: readonly string[];
}

/** Image fields of a request that may name a local file. */
const SINGLE_FIELDS = ['firstFrame', 'lastFrame', 'characterImage'] as const;
const LIST_FIELDS = ['referenceImages', 'images'] as const;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const PATH_START = /^(~?[\\/]|\.{1,2}[\\/]|[A-Za-z]:[\\/])/;
const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/**
 * Whether an image value names a local file (`/abs/cat.png`, `./cat.png`, `file:///…`, `cat.png`)
 * rather than an http(s) URL or Base64 data. Base64 JPEG starts with `/9j/` and is never a path.
 */
export function isLocalImagePath(value: string): boolean {
  const text = value.trim();
  if (/^file:/i.test(text) || /^[A-Za-z]:[\\/]/.test(text)) return true;
  if (SCHEME.test(text) || text.startsWith('/9j/')) return false;
  if (PATH_START.test(text)) return /[^A-Za-z0-9+/=]/.test(text) || IMAGE_EXTENSION.test(text);
  return IMAGE_EXTENSION.test(text) && !/\s/.test(text);
}

/**
 * Reads a local image file as Base64, only from inside the allowed directories (symbolic links
 * are resolved before the check, so a link cannot lead out). Relative paths are taken relative to
 * the first allowed directory. The format and size are checked later by `validate`.
 */
export async function readLocalImage(field: string, value: string, options: LocalImageOptions): Promise<string> {
  if (options.allowedDirs.length === 0) {
    throw new KlingError({
      kind: 'invalid',
      field,
      message: `${field}: local image files are not allowed here (no image directory is configured)`,
      hint: 'Give the image as an http(s) URL or Base64, or allow a directory (KLING_IMAGE_DIRS) and put the file there.',
    });
  }
  const roots = await Promise.all(options.allowedDirs.map((dir) => realpath(path.resolve(dir)).catch(() => path.resolve(dir))));
  const text = value.trim();
  const named = /^file:/i.test(text) ? fileURLToPath(text) : text.replace(/^~(?=[\\/])/, homedir());
  const absolute = path.resolve(roots[0] as string, named);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw KlingError.invalid(field, `no file at ${absolute}`);
  }
  if (!roots.some((root) => isInside(root, real))) {
    throw new KlingError({
      kind: 'invalid',
      field,
      message: `${field}: ${absolute} is outside the allowed image directories (allowed: ${roots.join(', ')})`,
      hint: 'Copy the image into one of the allowed directories, or give it as an http(s) URL or Base64.',
    });
  }
  const file = await open(real, 'r');
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw KlingError.invalid(field, `${absolute} is not a file`);
    if (stats.size > MAX_IMAGE_BYTES.new) {
      throw KlingError.invalid(field, `${absolute} has ${stats.size} bytes (allowed: at most 50 MB)`);
    }
    return (await file.readFile()).toString('base64');
  } finally {
    await file.close();
  }
}

/** The request with every local image file replaced by its Base64 content. */
export async function loadLocalImages(request: GenerationRequest, options: LocalImageOptions): Promise<GenerationRequest> {
  const loaded: GenerationRequest = { ...request };
  for (const field of SINGLE_FIELDS) {
    const value = loaded[field];
    if (value !== undefined && isLocalImagePath(value)) loaded[field] = await readLocalImage(field, value, options);
  }
  for (const field of LIST_FIELDS) {
    const values = loaded[field];
    if (values === undefined) continue;
    loaded[field] = await Promise.all(
      values.map((value, index) => (isLocalImagePath(value) ? readLocalImage(`${field}.${index}`, value, options) : value)),
    );
  }
  return loaded;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
