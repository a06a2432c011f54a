/** What the clock control reports and accepts. */
export interface ClockState {
  /** Task time in ms: drives lifecycles and the times in task records. */
  now: number;
  /** The server's wall clock in ms: JWT checks, the `Date` header and webhook timestamps. */
  wallNow: number;
  /** How far task time has been advanced by hand, in ms. */
  offsetMs: number;
  /** How far the server's wall clock is off real time, in ms (to simulate clock skew). */
  skewMs: number;
  /** Multiplier applied to the catalog's typical generation times. */
  timeScale: number;
  /** Manual clocks stand still: task time moves only when advanced. */
  manual: boolean;
}

export interface ClockOptions {
  timeScale: number;
  manual?: boolean;
  /** The real time source; `Date.now` unless a test injects one. */
  source?: () => number;
}

/**
 * The sandbox's sense of time. Task time is real time plus whatever was advanced by hand (or, on a
 * manual clock, only what was advanced). The wall clock is separate so that advancing tasks never
 * makes JWTs or webhook timestamps look stale; skew it explicitly to test clock problems.
 */
export class SandboxClock {
  private readonly source: () => number;
  private readonly startedAt: number;
  private offsetMs = 0;
  private skewMs = 0;
  private scale: number;
  private readonly manual: boolean;
  private readonly listeners = new Set<(change: 'advance' | 'scale', previousScale: number) => void>();

  constructor(options: ClockOptions) {
    this.source = options.source ?? Date.now;
    this.startedAt = this.source();
    this.scale = checkScale(options.timeScale);
    this.manual = options.manual ?? false;
  }

  now(): number {
    return (this.manual ? this.startedAt : this.source()) + this.offsetMs;
  }

  wallNow(): number {
    return this.source() + this.skewMs;
  }

  get timeScale(): number {
    return this.scale;
  }

  get isManual(): boolean {
    return this.manual;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceMs must be a number ≥ 0 (got ${ms})`);
    this.offsetMs += ms;
    for (const listener of this.listeners) listener('advance', this.scale);
  }

  setTimeScale(scale: number): void {
    const previous = this.scale;
    this.scale = checkScale(scale);
    for (const listener of this.listeners) listener('scale', previous);
  }

  setSkew(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`skewMs must be a number (got ${ms})`);
    this.skewMs = ms;
  }

  /** Real milliseconds until task time reaches `at`; undefined on a manual clock. */
  realDelayUntil(at: number): number | undefined {
    return this.manual ? undefined : Math.max(0, at - this.now());
  }

  onChange(listener: (change: 'advance' | 'scale', previousScale: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): ClockState {
    return {
      now: this.now(),
      wallNow: this.wallNow(),
      offsetMs: this.offsetMs,
      skewMs: this.skewMs,
      timeScale: this.scale,
      manual: this.manual,
    };
  }
}

function checkScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`timeScale must be a number > 0 (got ${scale})`);
  return scale;
}
