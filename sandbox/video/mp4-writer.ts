/** One video sample: the picture's NAL units, how long it shows (in the track's timescale), and whether a player may start there. */
export interface Mp4Sample {
  nals: Buffer[];
  duration: number;
  sync: boolean;
}

export interface Mp4Video {
  width: number;
  height: number;
  /** Ticks per second of the sample durations. */
  timescale: number;
  /** The H.264 sequence and picture parameter sets. */
  sps: Buffer;
  pps: Buffer;
  samples: Mp4Sample[];
}

const MOVIE_TIMESCALE = 1000;

/**
 * A progressive MP4 (ISO BMFF) with one H.264 track: `ftyp`, then `moov` (so players can start
 * before the end), then `mdat` with every sample in one chunk, each NAL unit prefixed by its
 * 4-byte length as `avcC` declares.
 */
export function writeMp4(video: Mp4Video): Buffer {
  const ticks = video.samples.reduce((sum, sample) => sum + sample.duration, 0);
  const movieDuration = Math.round((ticks * MOVIE_TIMESCALE) / video.timescale);
  const sampleData = video.samples.map((sample) => Buffer.concat(sample.nals.flatMap((nal) => [u32(nal.length), nal])));
  const ftyp = box('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41'));
  const moovWith = (mdatOffset: number): Buffer =>
    box('moov', movieHeader(movieDuration), box('trak', trackHeader(video, movieDuration), media(video, ticks, sampleData, mdatOffset)));
  // The chunk offset is a fixed-size field, so the moov box's size does not depend on its value.
  const moovSize = moovWith(0).length;
  const mdat = box('mdat', ...sampleData);
  return Buffer.concat([ftyp, moovWith(ftyp.length + moovSize + 8), mdat]);
}

function movieHeader(duration: number): Buffer {
  return fullBox(
    'mvhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(MOVIE_TIMESCALE),
    u32(duration),
    u32(0x00010000),
    u16(0x0100),
    Buffer.alloc(10),
    MATRIX,
    Buffer.alloc(24),
    u32(2),
  );
}

function trackHeader(video: Mp4Video, duration: number): Buffer {
  // Flags 3: the track is enabled and in the movie.
  return fullBox(
    'tkhd',
    0,
    3,
    u32(0),
    u32(0),
    u32(1),
    u32(0),
    u32(duration),
    Buffer.alloc(8),
    Buffer.alloc(8),
    MATRIX,
    u32(video.width << 16),
    u32(video.height << 16),
  );
}

function media(video: Mp4Video, ticks: number, sampleData: Buffer[], mdatOffset: number): Buffer {
  const language = u16(0x55c4); // 'und', packed as three 5-bit letters
  return box(
    'mdia',
    fullBox('mdhd', 0, 0, u32(0), u32(0), u32(video.timescale), u32(ticks), language, u16(0)),
    fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide'), Buffer.alloc(12), Buffer.from('VideoHandler\0')),
    box(
      'minf',
      fullBox('vmhd', 0, 1, Buffer.alloc(8)),
      box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
      sampleTable(video, sampleData, mdatOffset),
    ),
  );
}

function sampleTable(video: Mp4Video, sampleData: Buffer[], mdatOffset: number): Buffer {
  const { samples } = video;
  const runs: [number, number][] = [];
  for (const sample of samples) {
    const last = runs.at(-1);
    if (last && last[1] === sample.duration) last[0] += 1;
    else runs.push([1, sample.duration]);
  }
  const syncNumbers = samples.flatMap((sample, index) => (sample.sync ? [index + 1] : []));
  return box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), avc1(video)),
    fullBox('stts', 0, 0, u32(runs.length), ...runs.flatMap(([count, delta]) => [u32(count), u32(delta)])),
    fullBox('stss', 0, 0, u32(syncNumbers.length), ...syncNumbers.map(u32)),
    fullBox('stsc', 0, 0, u32(1), u32(1), u32(samples.length), u32(1)),
    fullBox('stsz', 0, 0, u32(0), u32(samples.length), ...sampleData.map((data) => u32(data.length))),
    fullBox('stco', 0, 0, u32(1), u32(mdatOffset)),
  );
}

function avc1(video: Mp4Video): Buffer {
  const { sps, pps } = video;
  // Profile, compatibility and level come from the SPS; 0xff: 4-byte NAL lengths; 0xe1: one SPS.
  const avcC = box(
    'avcC',
    Buffer.from([1, sps[1] as number, sps[2] as number, sps[3] as number, 0xff, 0xe1]),
    u16(sps.length),
    sps,
    Buffer.from([1]),
    u16(pps.length),
    pps,
  );
  const compressorName = Buffer.alloc(32);
  return box(
    'avc1',
    Buffer.alloc(6),
    u16(1), // data reference index
    Buffer.alloc(16),
    u16(video.width),
    u16(video.height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0),
    u16(1), // frames per sample
    compressorName,
    u16(0x0018), // colour, no alpha
    u16(0xffff), // pre_defined = -1
    avcC,
  );
}

/** The identity transform. */
const MATRIX = Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...payload);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value & 0xffff);
  return buffer;
}
