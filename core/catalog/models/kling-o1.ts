import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, PROMPT_MAX } from './shared.js';

export const klingO1: ModelSpec = {
  id: 'kling-o1',
  label: 'Kling O1',
  legacyName: 'kling-video-o1',
  typicalSeconds: 90,
  legacyModes: { '720p': 'std', '1080p': 'pro' },
  products: {
    'omni-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration: { kind: 'range', min: 3, max: 10, default: 5 },
      audio: { values: ['original', 'off'], default: 'off' },
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      promptMax: PROMPT_MAX,
      promptRequired: true,
      frames: { first: 'optional', last: 'optional' },
      maxElements: 7,
      maxVoices: 0,
      references: { maxImagesWithoutVideo: 7, maxImagesWithVideo: 4, video: true, durationsWithOnlyFirstFrame: [5, 10] },
    },
  },
  prices: [
    { variant: 'with video input', products: ['omni-video'], when: { videoInput: true }, perSecond: { '720p': 0.9, '1080p': 1.2 } },
    { variant: 'no video input', products: ['omni-video'], when: { videoInput: false }, perSecond: { '720p': 0.6, '1080p': 0.8 } },
  ],
};
