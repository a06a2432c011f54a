import { codeInfo } from '../../core/errors/codes.js';

/**
 * A refusal in Kling's words: handlers throw it, the server answers with the code's HTTP status
 * and an envelope without `data`.
 */
export class KlingFailure extends Error {
  override readonly name = 'KlingFailure';

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return codeInfo(this.code)?.httpStatus ?? 500;
  }
}

export const invalidParameter = (message: string): KlingFailure => new KlingFailure(1201, message);
