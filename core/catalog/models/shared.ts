import type { AspectRatio, AudioRule, FrameRule, ProductSpec } from '../types.js';

/** Values several model entries share; each model entry still states its own rules. */
export const ALL_ASPECT_RATIOS: readonly AspectRatio[] = ['16:9', '9:16', '1:1'];
export const NO_AUDIO: AudioRule = { values: [] };
export const NO_FRAMES: FrameRule = { first: 'none', last: 'none' };
export const FIRST_FRAME_ONLY: FrameRule = { first: 'required', last: 'none' };
export const FIRST_AND_LAST: FrameRule = { first: 'required', last: 'optional' };
/** Kling's prompt limit on every legacy body and on most new-standard pages. */
export const PROMPT_MAX = 2500;
export const MULTI_SHOT_LIMITS = { maxShots: 6, maxShotPrompt: 512 } as const;

/** Motion control as kling-3.0 and kling-2.6 offer it: the output follows the motion video. */
export const MOTION_CONTROL: ProductSpec = {
  standards: ['new', 'legacy'],
  resolutions: ['720p', '1080p'],
  defaultResolution: '720p',
  duration: { kind: 'none' },
  audio: { values: ['original', 'off'], default: 'off' },
  aspectRatios: [],
  promptMax: PROMPT_MAX,
  promptRequired: false,
  frames: NO_FRAMES,
  maxElements: 0,
  maxVoices: 0,
  // ≤ 10 s when the character keeps the image's orientation, ≤ 30 s when it follows the video's.
  motionVideoSeconds: { image: { min: 3, max: 10 }, video: { min: 3, max: 30 } },
};
