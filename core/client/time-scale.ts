/**
 * How fast the server's clock runs: 1 against Kling; below 1 against a fast-clock sandbox. A
 * configured scale wins; otherwise the client takes what a sandbox announces on its replies, so a
 * client pointed at `kling sandbox` polls at the sandbox's pace with no setting.
 */
export class TimeScale {
  private learned: number | undefined;

  constructor(private readonly configured: number | undefined) {}

  get value(): number {
    return this.configured ?? this.learned ?? 1;
  }

  learn(scale: number): void {
    this.learned = scale;
  }
}
