import type { ModelSpec } from '../types.js';
import { legacyClipProducts } from './legacy-clip.js';

export const klingV21Master: ModelSpec = {
  id: 'kling-v2-1-master',
  label: 'Kling 2.1 Master (legacy)',
  legacyName: 'kling-v2-1-master',
  typicalSeconds: 240,
  // Master models have one quality level: no `mode` is sent.
  products: legacyClipProducts({ resolutions: ['1080p'], cfgScale: false }),
  prices: [{ variant: 'per clip', products: ['text-to-video', 'image-to-video'], perClip: { '1080p': { 5: 10, 10: 20 } } }],
};
