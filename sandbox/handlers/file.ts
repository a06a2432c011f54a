import { KlingFailure } from '../http/kling-failure.js';
import type { HandlerContext, Reply } from '../http/types.js';
import { testPatternVideo } from '../video/test-pattern.js';
import { videoIdOfFile } from '../video/urls.js';

/**
 * `GET /files/<video id>.mp4`: a succeeded task's result (the test pattern, as long as the
 * duration the task reports), with byte ranges for players. Like Kling's CDN links, the URL
 * itself is the only credential.
 */
export function serveVideo(context: HandlerContext): Reply {
  const fileName = context.params.file ?? '';
  const videoId = videoIdOfFile(fileName);
  const task = videoId === undefined ? undefined : context.engine.tasks.byVideoId(videoId);
  context.engine.catchUp();
  const watermarked = fileName.includes('-watermarked');
  if (!task || task.status !== 'succeeded' || (watermarked && !task.watermark)) {
    throw new KlingFailure(1203, `file not found: ${fileName}`);
  }
  const video = testPatternVideo(Number(task.video.duration));
  const headers: Record<string, string> = {
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    'cache-control': 'public, max-age=2592000',
  };
  const range = byteRange(context.headers.range, video.length);
  if (range === 'unsatisfiable') {
    return { kind: 'file', status: 416, headers: { ...headers, 'content-range': `bytes */${video.length}` }, data: undefined };
  }
  const data = range ? video.subarray(range.start, range.end + 1) : video;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${video.length}`;
  headers['content-length'] = String(data.length);
  return { kind: 'file', status: range ? 206 : 200, headers, data: context.method === 'HEAD' ? undefined : data };
}

function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '' && to === '') return undefined;
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
