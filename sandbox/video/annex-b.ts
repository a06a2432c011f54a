/** One coded picture of an H.264 stream: its NAL units (without start codes) and whether it is an IDR picture. */
export interface AccessUnit {
  nals: Buffer[];
  idr: boolean;
}

export interface ParsedStream {
  /** The first sequence and picture parameter sets (an MP4 carries them once, in `avcC`). */
  sps: Buffer;
  pps: Buffer;
  pictures: AccessUnit[];
}

const NAL_IDR = 5;
const NAL_NON_IDR = 1;
const NAL_SPS = 7;
const NAL_PPS = 8;

/**
 * Splits an H.264 Annex B stream (NAL units after `00 00 01` start codes) into pictures. A
 * picture starts at a slice whose `first_mb_in_slice` is 0 (the header's first bit is 1).
 * Parameter sets are kept aside; anything else (SEI, delimiters) is left out.
 */
export function parseAnnexB(stream: Buffer): ParsedStream {
  let sps: Buffer | undefined;
  let pps: Buffer | undefined;
  const pictures: AccessUnit[] = [];
  for (const nal of nalUnits(stream)) {
    const type = (nal[0] as number) & 0x1f;
    if (type === NAL_SPS) sps ??= nal;
    else if (type === NAL_PPS) pps ??= nal;
    else if (type === NAL_IDR || type === NAL_NON_IDR) {
      const startsPicture = nal.length > 1 && ((nal[1] as number) & 0x80) !== 0;
      const current = pictures.at(-1);
      if (startsPicture || !current) pictures.push({ nals: [nal], idr: type === NAL_IDR });
      else current.nals.push(nal);
    }
  }
  if (!sps || !pps || pictures.length === 0) throw new Error('not an H.264 Annex B stream with parameter sets and pictures');
  return { sps, pps, pictures };
}

function nalUnits(stream: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let index = 0; index + 2 < stream.length; index += 1) {
    if (stream[index] === 0 && stream[index + 1] === 0 && stream[index + 2] === 1) {
      starts.push(index + 3);
      index += 2;
    }
  }
  return starts.map((start, index) => {
    let end = index + 1 < starts.length ? (starts[index + 1] as number) - 3 : stream.length;
    // A four-byte start code leaves one zero before the next three-byte one; so can trailing zeros.
    while (end > start && stream[end - 1] === 0) end -= 1;
    return stream.subarray(start, end);
  });
}
