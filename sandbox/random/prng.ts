/** A seeded pseudo-random source: numbers in [0, 1), the same sequence for the same seed. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for simulated timings and fault draws. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream for one purpose (`faults:default`, `lifecycle`, …), so that the draws of
 * one account or concern do not shift when another one sees more traffic.
 */
export function streamFor(seed: number, label: string): Random {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mulberry32(hash);
}
