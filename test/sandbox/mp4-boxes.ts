/** A reader of the few MP4 (ISO BMFF) boxes the video tests look at; the sandbox's writer is not used here. */

export interface Box {
  type: string;
  /** The box's payload, after its 8-byte header. */
  body: Buffer;
}

/** The boxes directly inside `data`, in order. */
export function boxes(data: Buffer): Box[] {
  const found: Box[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const size = data.readUInt32BE(offset);
    if (size < 8 || offset + size > data.length) throw new Error(`bad box size ${size} at ${offset}`);
    found.push({ type: data.toString('latin1', offset + 4, offset + 8), body: data.subarray(offset + 8, offset + size) });
    offset += size;
  }
  if (offset !== data.length) throw new Error(`${data.length - offset} bytes after the last box`);
  return found;
}

/** The first box at `path` (e.g. `moov/trak/mdia/mdhd`), or an error naming what is missing. */
export function find(data: Buffer, path: string): Buffer {
  let body = data;
  for (const type of path.split('/')) {
    const box = boxes(body).find((candidate) => candidate.type === type);
    if (!box) throw new Error(`no ${type} box (looking for ${path})`);
    body = box.body;
  }
  return body;
}

/** `mvhd`: the movie's timescale and duration (versions 0 and 1). */
export function movieDuration(mp4: Buffer): { timescale: number; duration: number; seconds: number } {
  const mvhd = find(mp4, 'moov/mvhd');
  const version = mvhd[0];
  const timescale = version === 1 ? mvhd.readUInt32BE(20) : mvhd.readUInt32BE(12);
  const duration = version === 1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
  return { timescale, duration, seconds: duration / timescale };
}
