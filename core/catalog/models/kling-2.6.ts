import type { ModelSpec } from '../types.js';
import { ALL_ASPECT_RATIOS, FIRST_AND_LAST, MOTION_CONTROL, NO_FRAMES, PROMPT_MAX } from './shared.js';

const duration = { kind: 'set', values: [5, 10], default: 5 } as const;
const audio = { values: ['native', 'off'], default: 'off', nativeNeeds: ['1080p'] } as const;

export const kling26: ModelSpec = {
  id: 'kling-2.6',
  label: 'Kling 2.6',
  legacyName: 'kling-v2-6',
  typicalSeconds: 90,
  legacyModes: { '720p': 'std', '1080p': 'pro' },
  products: {
    'text-to-video': {
      standards: ['new', 'legacy'],
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      duration,
      audio,
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
      audio,
      aspectRatios: [],
      promptMax: PROMPT_MAX,
      promptRequired: false,
      frames: { ...FIRST_AND_LAST, firstAndLastNeed: ['1080p'] },
      maxElements: 0,
      maxVoices: 2,
      // Sent as `negative_prompt` on the legacy standard only.
      negativePrompt: true,
    },
    'motion-control': MOTION_CONTROL,
  },
  prices: [
    { variant: 'motion control', products: ['motion-control'], perSecond: { '720p': 0.5, '1080p': 0.8 } },
    { variant: 'native audio + voice', products: ['image-to-video'], when: { audio: 'native', voices: true }, perSecond: { '1080p': 1.2 } },
    { variant: 'native audio', products: ['text-to-video', 'image-to-video'], when: { audio: 'native' }, perSecond: { '1080p': 1.0 } },
    { variant: 'no audio', products: ['text-to-video', 'image-to-video'], perSecond: { '720p': 0.3, '1080p': 0.5 } },
  ],
};
