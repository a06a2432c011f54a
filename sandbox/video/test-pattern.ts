import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAnnexB, type ParsedStream } from './annex-b.js';
import { writeMp4, type Mp4Sample } from './mp4-writer.js';

/**
 * The pictures every successful task "generates": 10 s of FFmpeg's `testsrc` pattern, 320×180 at
 * 12 frames per second, H.264 baseline with a key frame every 2 s, committed in `sandbox/assets/`
 * as a raw (Annex B) stream. It was made once, with
 *
 *   ffmpeg -f lavfi -i testsrc=size=320x180:rate=12 -t 10 -c:v libx264 -profile:v baseline \
 *     -pix_fmt yuv420p -crf 30 -g 24 -keyint_min 24 -sc_threshold 0 -bf 0 -x264-params aud=0 \
 *     -bsf:v filter_units=remove_types=6 -f h264 sandbox/assets/test-pattern.h264
 *
 * and each video is put together from it in code (no FFmpeg at run time).
 */
const FILE = 'test-pattern.h264';
const WIDTH = 320;
const HEIGHT = 180;
const FRAMES_PER_SECOND = 12;
/** Each frame lasts 1000 ticks, so a duration in milliseconds is exact in ticks. */
const TIMESCALE = FRAMES_PER_SECOND * 1000;
/** Distinct durations kept ready; a sandbox run asks for a handful. */
const CACHE_SIZE = 16;

let stream: ParsedStream | undefined;
const videos = new Map<number, Buffer>();

/**
 * An MP4 of the test pattern that lasts `seconds` (to the millisecond): as many frames as fit, the
 * last one held a little longer so the file's duration is the one Kling reported for the task.
 * Past 10 s the pattern starts over, from a key frame.
 */
export function testPatternVideo(seconds: number): Buffer {
  const ms = Math.max(1000 / FRAMES_PER_SECOND, Math.round(seconds * 1000));
  const cached = videos.get(ms);
  if (cached) return cached;
  stream ??= parseAnnexB(readFileSync(testPatternPath()));
  const { sps, pps, pictures } = stream;
  const ticks = ms * FRAMES_PER_SECOND;
  const frameTicks = TIMESCALE / FRAMES_PER_SECOND;
  const count = Math.max(1, Math.floor(ticks / frameTicks));
  const samples: Mp4Sample[] = [];
  for (let index = 0; index < count; index += 1) {
    const picture = pictures[index % pictures.length] as (typeof pictures)[number];
    const duration = index === count - 1 ? ticks - frameTicks * (count - 1) : frameTicks;
    samples.push({ nals: picture.nals, duration, sync: picture.idr });
  }
  const video = writeMp4({ width: WIDTH, height: HEIGHT, timescale: TIMESCALE, sps, pps, samples });
  if (videos.size >= CACHE_SIZE) videos.delete(videos.keys().next().value as number);
  videos.set(ms, video);
  return video;
}

/** Found by walking up from this module, so it works from the sources, from `dist/` and from an installed package (which ships `sandbox/assets/`). */
export function testPatternPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    for (const candidate of [join(directory, 'assets', FILE), join(directory, 'sandbox', 'assets', FILE)]) {
      if (existsSync(candidate)) return candidate;
    }
    directory = dirname(directory);
  }
  throw new Error(`the sandbox's ${FILE} was not found next to ${fileURLToPath(import.meta.url)}`);
}
