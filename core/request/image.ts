import { KlingError } from '../errors/kling-error.js';
import { displayValue } from './display.js';

export interface ImageFacts {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  bytes: number;
}

export const MIN_IMAGE_SIDE = 300;
export const MAX_IMAGE_RATIO = 2.5;
export const MAX_IMAGE_BYTES = { new: 50 * 1024 * 1024, legacy: 10 * 1024 * 1024 } as const;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const DATA_PREFIX = /^data:image\/(png|jpe?g);base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** `/x`, `./x`, `../x`, `~/x`, `C:\x`, `file:`. */
const LOCAL_PATH = /^(file:|~?[\\/]|\.{1,2}[\\/]|[A-Za-z]:[\\/])/i;
/** A JPEG (FF D8 FF) in Base64; no PNG and no other JPEG start encodes to a leading `/`. */
const JPEG_BASE64_START = '/9j/';

/**
 * Whether an image value is written like a file path rather than Base64. Base64 has no `.`, `~`,
 * backslash or `:`, and the only image Base64 that starts with `/` starts with `/9j/`: so
 * `/etc/passwd` is a path, never Base64 of an image.
 */
export function looksLikeLocalPath(value: string): boolean {
  const text = value.trim();
  return LOCAL_PATH.test(text) && !text.startsWith(JPEG_BASE64_START);
}

/** Whether a media value is a URL (as opposed to Base64 data). */
export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Checks a URL field: http(s) only, and parseable. Returns it trimmed. */
export function checkUrl(field: string, value: string): string {
  const trimmed = value.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw KlingError.invalid(field, `${displayValue(value)} is not allowed (allowed: an http or https URL)`);
  }
  try {
    new URL(trimmed);
  } catch {
    throw KlingError.invalid(field, `${displayValue(value)} is not a valid URL (allowed: an http or https URL)`);
  }
  return trimmed;
}

/**
 * Checks an image given as an http(s) URL or Base64 (a `data:` prefix is stripped: Kling refuses
 * it). Base64 images are decoded and checked as Kling does: JPEG or PNG, each side ≥ 300 px,
 * aspect ratio between 1:2.5 and 2.5:1, at most 50 MB. Returns the wire value.
 */
export function checkImage(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw KlingError.invalid(field, 'an empty string is not allowed (allowed: an http(s) URL or Base64 JPEG/PNG data)');
  if (DATA_PREFIX.test(trimmed)) return checkBase64Image(field, trimmed.replace(DATA_PREFIX, ''));
  if (trimmed.startsWith('data:')) {
    throw KlingError.invalid(
      field,
      `${displayValue(value)} is not allowed (allowed: data:image/png or data:image/jpeg with Base64, or the bare Base64)`,
    );
  }
  if (looksLikeLocalPath(trimmed)) {
    throw KlingError.invalid(
      field,
      `${displayValue(value)} looks like a local file path (allowed: an http(s) URL or Base64 JPEG/PNG data; read the file and send its Base64)`,
    );
  }
  // Base64 never contains ':', so anything with a scheme is a URL.
  if (SCHEME.test(trimmed)) return checkUrl(field, trimmed);
  return checkBase64Image(field, trimmed);
}

function checkBase64Image(field: string, data: string): string {
  const compact = data.replace(/\s+/g, '');
  if (!BASE64.test(compact)) {
    throw KlingError.invalid(field, `${displayValue(data)} is neither a URL nor Base64 (allowed: an http(s) URL or Base64 JPEG/PNG data)`);
  }
  const problem = imageProblem(Buffer.from(compact, 'base64'));
  if (problem === NOT_AN_IMAGE) throw KlingError.invalid(field, `${displayValue(data)} is ${problem}`);
  if (problem !== undefined) throw KlingError.invalid(field, problem);
  return compact;
}

const NOT_AN_IMAGE = 'not a JPEG or PNG image (allowed: jpg, jpeg, png)';

/**
 * What Kling would refuse about an image's bytes (format, size, aspect ratio, weight), worded to
 * follow the image's name: `photo.gif: not a JPEG or PNG image (allowed: …)`, `a.png: a 200x200
 * image is too small (allowed: …)`. Undefined when Kling would take it. Never quotes the bytes.
 */
export function imageProblem(bytes: Buffer): string | undefined {
  const facts = imageFacts(bytes);
  if (!facts) return NOT_AN_IMAGE;
  const size = `${facts.width}x${facts.height}`;
  if (facts.width < MIN_IMAGE_SIDE || facts.height < MIN_IMAGE_SIDE) {
    return `a ${size} image is too small (allowed: at least ${MIN_IMAGE_SIDE} px on each side)`;
  }
  const ratio = facts.width / facts.height;
  if (ratio > MAX_IMAGE_RATIO || ratio < 1 / MAX_IMAGE_RATIO) {
    return `a ${size} image is not allowed (allowed: an aspect ratio between 1:2.5 and 2.5:1)`;
  }
  if (facts.bytes > MAX_IMAGE_BYTES.new) return `an image of ${facts.bytes} bytes is too large (allowed: at most 50 MB)`;
  return undefined;
}

/** Size of Base64 data once decoded, without decoding it. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

/** Format and pixel size from a PNG or JPEG header; undefined for anything else. */
export function imageFacts(bytes: Buffer): ImageFacts | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) {
    return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    return size ? { format: 'jpeg', ...size, bytes: bytes.length } : undefined;
  }
  return undefined;
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the pixel size. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}
