import type { ValidRequest } from '../request/validate.js';

/** Id of the n-th reference image, as the prompt refers to it (`@image_1`). */
export const imageRef = (index: number): string => `image_${index + 1}`;
export const VIDEO_REF = 'video_1';

/** The alias an element is referred to by in the prompt (`@alias`), `element_N` when none. */
export function elementAlias(request: ValidRequest, index: number): string {
  return request.elements?.[index]?.alias ?? `element_${index + 1}`;
}

/** The new standard's multi-shot prompt: `shot 1, 2, words; shot 2, 3, words;`. */
export function shotsPrompt(shots: NonNullable<ValidRequest['shots']>): string {
  return shots.map((shot, index) => `shot ${index + 1}, ${shot.duration}, ${shot.prompt};`).join(' ');
}
