import type { ModelSpec } from '../types.js';
import { legacyClipProducts } from './legacy-clip.js';

export const klingV21: ModelSpec = {
  id: 'kling-v2-1',
  label: 'Kling 2.1 (legacy)',
  legacyName: 'kling-v2-1',
  typicalSeconds: 150,
  legacyModes: { '720p': 'std', '1080p': 'pro' },
  products: legacyClipProducts({ resolutions: ['720p', '1080p'], cfgScale: false }),
  prices: [
    {
      variant: 'per clip',
      products: ['text-to-video', 'image-to-video'],
      perClip: { '720p': { 5: 2, 10: 4 }, '1080p': { 5: 3.5, 10: 7 } },
    },
  ],
};
