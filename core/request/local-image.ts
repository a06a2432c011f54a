import { open, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KlingError } from '../errors/kling-error.js';
import type { GenerationRequest } from './schema.js';
import { imageProblem, looksLikeLocalPath, MAX_IMAGE_BYTES } from './image.js';

export interface LocalImageOptions {
  /** Folders local image files may be read from; none means local files are refused. */
  allowedDirs: readonly string[];
}

/** Image fields of a request that may name a local file. */
const SINGLE_FIELDS = ['firstFrame', 'lastFrame', 'characterImage'] as const;
const LIST_FIELDS = ['referenceImages', 'images'] as const;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/**
 * Whether an image value names a local file (`/abs/cat.png`, `./cat.png`, `file:///…`, `cat.png`,
 * `/etc/passwd`) rather than an http(s) URL or Base64 data (see `looksLikeLocalPath`).
 */
export function isLocalImagePath(value: string): boolean {
  const text = value.trim();
  if (/^file:/i.test(text) || /^[A-Za-z]:[\\/]/.test(text)) return true;
  if (SCHEME.test(text)) return false;
  if (looksLikeLocalPath(text)) return true;
  return IMAGE_EXTENSION.test(text) && !/\s/.test(text);
}

/**
 * Reads a local image file as Base64, only from inside the allowed directories: a path outside them
 * is refused before the file is looked at (so nothing is told about files elsewhere), and symbolic
 * links are resolved before a second check, so a link cannot lead out. Relative paths are taken
 * relative to the first allowed directory. The file must be a JPEG or PNG that Kling would take.
 */
export async function readLocalImage(field: string, value: string, options: LocalImageOptions): Promise<string> {
  const text = value.trim();
  const named = /^file:/i.test(text) ? fileURLToPath(text) : text.replace(/^~(?=[\\/])/, homedir());
  if (options.allowedDirs.length === 0) {
    throw new KlingError({
      kind: 'invalid',
      field,
      message: `${field}: ${path.resolve(named)} is outside the allowed image folders: local image files are not allowed here (no image directory is configured)`,
      hint: 'Give the image as an http(s) URL or Base64, or allow a directory (KLING_IMAGE_DIRS) and put the file there. Nothing was sent to Kling.',
    });
  }
  const given = options.allowedDirs.map((dir) => path.resolve(dir));
  const roots = await Promise.all(given.map((dir) => realpath(dir).catch(() => dir)));
  const absolute = path.resolve(given[0] as string, named);
  const outside = (): KlingError =>
    new KlingError({
      kind: 'invalid',
      field,
      message: `${field}: ${absolute} is outside the allowed image folders (KLING_IMAGE_DIRS: ${given.join(', ')})`,
      hint: 'Copy the image into one of the allowed directories, or give it as an http(s) URL or Base64. Nothing was sent to Kling.',
    });
  if (![...given, ...roots].some((root) => isInside(root, absolute))) throw outside();
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw KlingError.invalid(field, `no file at ${absolute}`);
  }
  if (!roots.some((root) => isInside(root, real))) throw outside();
  const file = await open(real, 'r');
  try {
    const stats = await file.stat();
    if (stats.isDirectory()) throw KlingError.invalid(field, `${absolute} is a directory, not an image file`);
    if (!stats.isFile()) throw KlingError.invalid(field, `${absolute} is not a regular file`);
    if (stats.size > MAX_IMAGE_BYTES.new) {
      throw KlingError.invalid(field, `${absolute}: an image of ${stats.size} bytes is too large (allowed: at most 50 MB)`);
    }
    const bytes = await file.readFile();
    const problem = imageProblem(bytes);
    if (problem !== undefined) throw KlingError.invalid(field, `${absolute}: ${problem}`);
    return bytes.toString('base64');
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
