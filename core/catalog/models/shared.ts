import type { AspectRatio, AudioRule, FrameRule } from '../types.js';

/** Values several model entries share; each model entry still states its own rules. */
export const ALL_ASPECT_RATIOS: readonly AspectRatio[] = ['16:9', '9:16', '1:1'];
export const NO_AUDIO: AudioRule = { values: [] };
export const NO_FRAMES: FrameRule = { first: 'none', last: 'none' };
export const FIRST_FRAME_ONLY: FrameRule = { first: 'required', last: 'none' };
export const FIRST_AND_LAST: FrameRule = { first: 'required', last: 'optional' };
/** Kling's prompt limit on every legacy body and on most new-standard pages. */
export const PROMPT_MAX = 2500;
export const MULTI_SHOT_LIMITS = { maxShots: 6, maxShotPrompt: 512 } as const;
