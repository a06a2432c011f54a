import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, FIRST_AND_LAST, NO_AUDIO, NO_FRAMES, PROMPT_MAX } from './shared.js';

const duration = { kind: 'set', values: [5, 10], default: 5 } as const;

export const kling25Turbo: ModelSpec = {
  id: 'kling-2.5-turbo',
  label: 'Kling 2.5 Turbo',
  legacyName: 'kling-v2-5-turbo',
  typicalSeconds: 60,
  legacyModes: { '720p': 'std', '1080p': 'pro' },
  products: {
    'text-to-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration,
      audio: NO_AUDIO,
      aspectRatios: ALL_ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      promptMax: PROMPT_MAX,
      promptRequired: true,
      frames: NO_FRAMES,
      maxElements: 0,
      maxVoices: 0,
      // Sent as `negative_prompt` on the legacy standard only.
      negativePrompt: true,
    },
    'image-to-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration,
      audio: NO_AUDIO,
      aspectRatios: [],
      promptMax: PROMPT_MAX,
      promptRequired: false,
      frames: { ...FIRST_AND_LAST, firstAndLastNeed: ['1080p'] },
      maxElements: 0,
      maxVoices: 0,
      // Sent as `negative_prompt` on the legacy standard only.
      negativePrompt: true,
    },
  },
  prices: [{ variant: 'standard', products: ['text-to-video', 'image-to-video'], perSecond: { '720p': 0.3, '1080p': 0.5 } }],
};
