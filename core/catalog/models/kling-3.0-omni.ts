import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, MULTI_SHOT_LIMITS, PROMPT_MAX } from './shared.js';

export const kling30Omni: ModelSpec = {
  id: 'kling-3.0-omni',
  label: 'Kling 3.0 Omni',
  legacyName: 'kling-v3-omni',
  typicalSeconds: 90,
  legacyModes: { '720p': 'std', '1080p': 'pro', '4k': '4k' },
  products: {
    'omni-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p', '4k'],
      defaultResolution: '720p',
      duration: { kind: 'range', min: 3, max: 15, default: 5 },
      audio: { values: ['native', 'original', 'off'], default: 'off' },
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      promptMax: PROMPT_MAX,
      promptRequired: true,
      frames: { first: 'optional', last: 'optional' },
      maxElements: 7,
      maxVoices: 0,
      multiShot: { defaultOn: false, ...MULTI_SHOT_LIMITS },
      references: { maxImagesWithoutVideo: 7, maxImagesWithVideo: 4, video: true },
    },
  },
  prices: [
    {
      variant: 'with video input',
      products: ['omni-video'],
      when: { videoInput: true },
      perSecond: { '720p': 0.9, '1080p': 1.2, '4k': 3.0 },
    },
    {
      variant: 'no video input, native audio',
      products: ['omni-video'],
      when: { videoInput: false, audio: 'native' },
      perSecond: { '720p': 0.8, '1080p': 1.0, '4k': 3.0 },
    },
    {
      variant: 'no video input, no audio',
      products: ['omni-video'],
      when: { videoInput: false },
      perSecond: { '720p': 0.6, '1080p': 0.8, '4k': 3.0 },
    },
  ],
};
