import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, FIRST_AND_LAST, MOTION_CONTROL, MULTI_SHOT_LIMITS, NO_FRAMES } from './shared.js';

const duration = { kind: 'range', min: 3, max: 15, default: 5 } as const;
const audio = { values: ['native', 'off'], default: 'off' } as const;
const multiShot = { defaultOn: true, ...MULTI_SHOT_LIMITS };

export const kling30: ModelSpec = {
  id: 'kling-3.0',
  label: 'Kling 3.0',
  legacyName: 'kling-v3',
  typicalSeconds: 90,
  legacyModes: { '720p': 'std', '1080p': 'pro', '4k': '4k' },
  products: {
    'text-to-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p', '4k'],
      defaultResolution: '720p',
      duration,
      audio,
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      promptMax: 3072,
      promptRequired: true,
      frames: NO_FRAMES,
      maxElements: 0,
      maxVoices: 0,
      // Sent as `negative_prompt` on the legacy standard only.
      negativePrompt: true,
      multiShot,
    },
    'image-to-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p', '4k'],
      defaultResolution: '720p',
      duration,
      audio,
      aspectRatios: [],
      promptMax: 3072,
      promptRequired: false,
      frames: FIRST_AND_LAST,
      maxElements: 3,
      maxVoices: 0,
      // Sent as `negative_prompt` on the legacy standard only.
      negativePrompt: true,
      multiShot,
    },
    'motion-control': MOTION_CONTROL,
  },
  prices: [
    { variant: 'motion control', products: ['motion-control'], perSecond: { '720p': 0.9, '1080p': 1.2 } },
    {
      variant: 'native audio',
      products: ['text-to-video', 'image-to-video'],
      when: { audio: 'native' },
      perSecond: { '720p': 0.9, '1080p': 1.2, '4k': 3.0 },
    },
    { variant: 'no audio', products: ['text-to-video', 'image-to-video'], perSecond: { '720p': 0.6, '1080p': 0.8, '4k': 3.0 } },
  ],
};
