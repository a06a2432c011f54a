import { optionLabel } from '../actions/video/request-options.js';

/** The request fields of the core by the labels the Generate and Estimate panels give them. */
const FIELD_LABELS: Record<string, string> = {
  model: 'Model',
  product: 'Type',
  prompt: 'Prompt',
  firstFrame: 'First Frame',
  lastFrame: 'Last Frame',
  referenceImages: 'Reference Image URLs',
  referenceVideo: 'Reference Video URL',
  characterImage: 'Character Image',
  motionVideo: 'Motion Video URL',
  characterOrientation: 'Character Orientation',
  images: 'Image URLs',
  videoId: 'Video ID',
  resolution: 'Resolution',
  duration: 'Duration (Seconds)',
  audio: 'Audio',
  aspectRatio: 'Aspect Ratio',
  negativePrompt: `Options → ${optionLabel('negativePrompt')}`,
  cfgScale: `Options → ${optionLabel('cfgScale')}`,
  watermark: `Options → ${optionLabel('watermark')}`,
  multiShot: `Options → ${optionLabel('multiShot')}`,
  elements: `Options → ${optionLabel('elementIds')}`,
  voices: `Options → ${optionLabel('voiceIds')}`,
  motionVideoSeconds: `Options → ${optionLabel('motionVideoSeconds')}`,
  callbackUrl: `Options → ${optionLabel('callbackUrl')}`,
  externalTaskId: `Options → ${optionLabel('externalTaskId')}`,
};

/** The editor's label for a core field path (`elements.1.alias` → "Options → Element IDs (entry 2)"). */
export function fieldLabel(field: string): string | undefined {
  const [head = '', index] = field.split('.');
  const label = FIELD_LABELS[head];
  if (label === undefined) return undefined;
  return index !== undefined && /^\d+$/.test(index) ? `${label} (entry ${Number(index) + 1})` : label;
}

/** Every label, for the test that keeps them true to the node's fields. */
export const FIELD_LABEL_LIST: readonly string[] = Object.values(FIELD_LABELS);
