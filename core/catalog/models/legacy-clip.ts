import type { ProductSpec, Resolution } from '../types.js';
import { ALL_ASPECT_RATIOS, FIRST_AND_LAST, NO_AUDIO, NO_FRAMES, PROMPT_MAX } from './shared.js';

/**
 * Text- and image-to-video as the older legacy-only models offer them: 5 or 10 s clips, no audio,
 * negative prompts, per-clip prices. Each model entry says which resolutions and knobs it has.
 */
export function legacyClipProducts(options: { resolutions: readonly Resolution[]; cfgScale: boolean }): {
  'text-to-video': ProductSpec;
  'image-to-video': ProductSpec;
} {
  const common = {
    standards: ['legacy'],
    resolutions: options.resolutions,
    defaultResolution: options.resolutions[0] as Resolution,
    duration: { kind: 'set', values: [5, 10], default: 5 },
    audio: NO_AUDIO,
    promptMax: PROMPT_MAX,
    maxElements: 0,
    maxVoices: 0,
    negativePrompt: true,
    cfgScale: options.cfgScale,
  } as const;
  return {
    'text-to-video': { ...common, aspectRatios: ALL_ASPECT_RATIOS, defaultAspectRatio: '16:9', promptRequired: true, frames: NO_FRAMES },
    'image-to-video': { ...common, aspectRatios: [], promptRequired: false, frames: FIRST_AND_LAST },
  };
}
