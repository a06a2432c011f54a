import type { ModelSpec } from '../types.js';
import { legacyClipProducts } from './legacy-clip.js';
import { ALL_ASPECT_RATIOS, NO_AUDIO, NO_FRAMES, PROMPT_MAX } from './shared.js';

const clipPrices = { '720p': { 5: 2, 10: 4 }, '1080p': { 5: 3.5, 10: 7 } };

export const klingV16: ModelSpec = {
  id: 'kling-v1-6',
  label: 'Kling 1.6 (legacy)',
  legacyName: 'kling-v1-6',
  typicalSeconds: 180,
  legacyModes: { '720p': 'std', '1080p': 'pro' },
  products: {
    ...legacyClipProducts({ resolutions: ['720p', '1080p'], cfgScale: true }),
    'multi-image-to-video': {
      standards: ['legacy'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration: { kind: 'set', values: [5, 10], default: 5 },
      audio: NO_AUDIO,
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      promptMax: PROMPT_MAX,
      promptRequired: true,
      frames: NO_FRAMES,
      maxElements: 0,
      maxVoices: 0,
      images: { min: 1, max: 4 },
      negativePrompt: true,
    },
    'video-extend': {
      standards: ['legacy'],
      // The extension keeps the source video's quality: no resolution field.
      resolutions: ['720p'],
      defaultResolution: '720p',
      duration: { kind: 'none' },
      audio: NO_AUDIO,
      aspectRatios: [],
      promptMax: PROMPT_MAX,
      promptRequired: false,
      frames: NO_FRAMES,
      maxElements: 0,
      maxVoices: 0,
      negativePrompt: true,
      cfgScale: true,
    },
  },
  prices: [
    { variant: 'per clip', products: ['text-to-video', 'image-to-video', 'multi-image-to-video'], perClip: clipPrices },
    { variant: 'extension (billed as a 5 s clip)', products: ['video-extend'], perClip: { '720p': { 5: 2 } } },
  ],
};
