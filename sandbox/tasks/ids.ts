import type { Random } from '../random/prng.js';

/** Kling-like ids: 18-digit numeric strings (never numbers: they do not fit a double). */
export class IdGenerator {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  next(): string {
    for (;;) {
      const high = 100_000_000 + Math.floor(this.random() * 900_000_000);
      const low = Math.floor(this.random() * 1_000_000_000);
      const id = `${high}${String(low).padStart(9, '0')}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
