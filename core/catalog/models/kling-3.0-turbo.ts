import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, FIRST_FRAME_ONLY, NO_FRAMES, PROMPT_MAX } from './shared.js';

const duration = { kind: 'range', min: 3, max: 15, default: 5 } as const;
const audio = { values: [], alwaysOn: true } as const;

export const kling30Turbo: ModelSpec = {
  id: 'kling-3.0-turbo',
  label: 'Kling 3.0 Turbo',
  typicalSeconds: 35,
  products: {
    'text-to-video': {
      standards: ['new'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration,
      audio,
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      // The t2v page says 3072; the i2v page says 2500 (kling-api.md §10.3).
      promptMax: 3072,
      promptRequired: true,
      frames: NO_FRAMES,
      maxElements: 0,
      maxVoices: 0,
    },
    'image-to-video': {
      standards: ['new'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration,
      audio,
      aspectRatios: [],
      promptMax: PROMPT_MAX,
      promptRequired: false,
      frames: FIRST_FRAME_ONLY,
      maxElements: 0,
      maxVoices: 0,
    },
  },
  prices: [{ variant: 'audio always on', products: ['text-to-video', 'image-to-video'], perSecond: { '720p': 0.8, '1080p': 1.0 } }],
};
