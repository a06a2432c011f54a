import type { ValidRequest } from '../request/validate.js';

/** Id of the n-th reference image, as the prompt refers to it (`@image_1`). */
export const imageRef = (index: number): string => `image_${index + 1}`;
export const VIDEO_REF = 'video_1';
/** Id of the n-th voice, as the prompt refers to it (`@voice_1`). */
export const voiceRef = (index: number): string => `voice_${index + 1}`;

/** The alias an element is referred to by in the prompt (`@alias`), `element_N` when none. */
export function elementAlias(request: ValidRequest, index: number): string {
  return request.elements?.[index]?.alias ?? `element_${index + 1}`;
}

/** The new standard's multi-shot prompt: `shot 1, 2, words; shot 2, 3, words;`. */
export function shotsPrompt(shots: NonNullable<ValidRequest['shots']>): string {
  return shots.map((shot, index) => `shot ${index + 1}, ${shot.duration}, ${shot.prompt};`).join(' ');
}

/**
 * The legacy standard's spelling of prompt references: `@image_1`, `@video_1`, `@voice_1` and
 * `@<element alias>` become `<<<image_1>>>`, `<<<video_1>>>`, `<<<voice_1>>>` and
 * `<<<element_N>>>` (N: the element's place in `element_list`). Other `@words` stay as they are.
 */
export function legacyReferences(request: ValidRequest, text: string): string {
  const names = new Map<string, string>();
  request.referenceImages?.forEach((_, index) => names.set(imageRef(index), imageRef(index)));
  if (request.referenceVideo) names.set(VIDEO_REF, VIDEO_REF);
  request.voices?.forEach((_, index) => names.set(voiceRef(index), voiceRef(index)));
  request.elements?.forEach((_, index) => names.set(elementAlias(request, index), `element_${index + 1}`));
  if (names.size === 0) return text;
  return text.replace(/@([A-Za-z][A-Za-z0-9_]*)/g, (match, name: string) => {
    const target = names.get(name);
    return target ? `<<<${target}>>>` : match;
  });
}
