import { describe, expect, it } from 'vitest';
import { encode, KlingError, standardsFor, validate } from '../../core/index.js';
import { base64, jpeg, png } from './images.js';

const FIRST = 'https://cdn.example.com/first.png';
const LAST = 'https://cdn.example.com/last.png';
const CLIP = 'https://cdn.example.com/clip.mp4';
const MODELS =
  'kling-3.0-turbo, kling-3.0, kling-3.0-omni, kling-o1, kling-2.6, kling-2.5-turbo, kling-v2-1-master, kling-v2-1, kling-v2-master, kling-v1-6';
const FIELDS =
  'model, product, prompt, negativePrompt, shots, multiShot, firstFrame, lastFrame, referenceImages, referenceVideo, elements, ' +
  'voices, images, characterImage, motionVideo, characterOrientation, motionVideoSeconds, videoId, resolution, duration, audio, ' +
  'aspectRatio, cfgScale, watermark, callbackUrl, externalTaskId';
const motion = { characterImage: FIRST, motionVideo: CLIP };

/** The KlingError `action` throws; fails the test when it throws anything else or nothing. */
function thrown(action: () => unknown): KlingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KlingError);
    return error as KlingError;
  }
  throw new Error('expected a KlingError, nothing was thrown');
}

/** [what is wrong, the request, the field at fault, the exact message]. */
const invalid: [string, unknown, string, string][] = [
  // The model, the shape of the request, wrong types.
  ['an unknown model', { model: 'kling-9', prompt: 'x' }, 'model', `model: 'kling-9' is not a known model (allowed: ${MODELS})`],
  ['no model at all', { prompt: 'x' }, 'model', `model: missing (allowed: ${MODELS})`],
  ['a request that is not an object', 'kling-3.0 a fox', 'request', "request: 'kling-3.0 a fox' is not an object"],
  ['an unknown field', { model: 'kling-3.0', prompt: 'x', seed: 4 }, 'seed', `seed: not a known field (allowed: ${FIELDS})`],
  [
    'two unknown fields',
    { model: 'kling-3.0', prompt: 'x', seed: 4, style: 'noir' },
    'seed',
    `seed: not a known field (allowed: ${FIELDS}; also unknown: style)`,
  ],
  [
    'an unknown field inside a shot',
    { model: 'kling-3.0', shots: [{ prompt: 'a', duration: 5, camera: 'pan' }] },
    'shots.0.camera',
    'shots.0.camera: not a known field (allowed: prompt, duration)',
  ],
  ['a prompt that is a number', { model: 'kling-3.0', prompt: 42 }, 'prompt', 'prompt: 42 is not a string'],
  ['a duration given as a string', { model: 'kling-3.0', prompt: 'x', duration: '5' }, 'duration', "duration: '5' is not a number"],
  [
    'a watermark that is not a boolean',
    { model: 'kling-3.0', prompt: 'x', watermark: 'yes' },
    'watermark',
    "watermark: 'yes' is not true or false",
  ],
  ['voices given as one string', { model: 'kling-2.6', firstFrame: FIRST, voices: 'v1' }, 'voices', "voices: 'v1' is not a list"],
  [
    'an unknown product',
    { model: 'kling-3.0', product: 'image2video', prompt: 'x' },
    'product',
    "product: 'image2video' is not allowed (allowed: text-to-video, image-to-video, omni-video, motion-control, multi-image-to-video, video-extend)",
  ],
  [
    'a product the model does not offer',
    { model: 'kling-2.5-turbo', product: 'omni-video', prompt: 'x' },
    'product',
    "product: 'omni-video' is not offered by kling-2.5-turbo (allowed: text-to-video, image-to-video)",
  ],
  [
    'an unknown reference video kind',
    { model: 'kling-o1', prompt: 'x', referenceVideo: { url: CLIP, refer: 'style' } },
    'referenceVideo.refer',
    "referenceVideo.refer: 'style' is not allowed (allowed: feature, base)",
  ],

  // Durations, resolutions, prompts per model.
  [
    '12 s on kling-2.6',
    { model: 'kling-2.6', prompt: 'x', duration: 12 },
    'duration',
    'duration: 12 is not allowed for kling-2.6 (allowed: 5, 10)',
  ],
  [
    '7 s on kling-v1-6',
    { model: 'kling-v1-6', prompt: 'x', duration: 7 },
    'duration',
    'duration: 7 is not allowed for kling-v1-6 (allowed: 5, 10)',
  ],
  [
    '16 s on kling-3.0',
    { model: 'kling-3.0', prompt: 'x', duration: 16 },
    'duration',
    'duration: 16 is not allowed for kling-3.0 (allowed: whole seconds from 3 to 15)',
  ],
  [
    'a fractional duration',
    { model: 'kling-3.0-turbo', prompt: 'x', duration: 4.5 },
    'duration',
    'duration: 4.5 is not allowed for kling-3.0-turbo (allowed: whole seconds from 3 to 15)',
  ],
  [
    '11 s on kling-o1',
    { model: 'kling-o1', prompt: 'x', duration: 11 },
    'duration',
    'duration: 11 is not allowed for kling-o1 (allowed: whole seconds from 3 to 10)',
  ],
  [
    'a duration on motion control',
    { model: 'kling-2.6', ...motion, characterOrientation: 'image', duration: 5 },
    'duration',
    'duration: 5 is not accepted by kling-2.6 motion-control (the output length follows the input video)',
  ],
  [
    '4k on kling-2.6',
    { model: 'kling-2.6', prompt: 'x', resolution: '4k' },
    'resolution',
    "resolution: '4k' is not allowed for kling-2.6 text-to-video (allowed: 720p, 1080p)",
  ],
  [
    'a resolution on video extend',
    { model: 'kling-v1-6', videoId: '860211114186612811', resolution: '1080p' },
    'resolution',
    "resolution: not accepted by video-extend (the extension keeps the source video's quality)",
  ],
  [
    'a prompt over 2500 characters on kling-2.6',
    { model: 'kling-2.6', prompt: 'x'.repeat(2501) },
    'prompt',
    'prompt: 2501 characters is too long for kling-2.6 text-to-video (allowed: at most 2500)',
  ],
  [
    'a prompt over 3072 characters on kling-3.0',
    { model: 'kling-3.0', prompt: 'x'.repeat(3073) },
    'prompt',
    'prompt: 3073 characters is too long for kling-3.0 text-to-video (allowed: at most 3072)',
  ],
  ['no prompt on text-to-video', { model: 'kling-3.0-turbo' }, 'prompt', 'prompt: missing (kling-3.0-turbo text-to-video needs a prompt)'],
  [
    'a blank prompt on text-to-video',
    { model: 'kling-2.6', prompt: '  \n ' },
    'prompt',
    'prompt: missing (kling-2.6 text-to-video needs a prompt)',
  ],
  ['no prompt on omni', { model: 'kling-o1', firstFrame: FIRST }, 'prompt', 'prompt: missing (kling-o1 omni-video needs a prompt)'],

  // Audio.
  [
    'native audio on kling-2.6 at 720p',
    { model: 'kling-2.6', prompt: 'x', audio: 'native' },
    'audio',
    "audio: 'native' is not allowed for kling-2.6 at 720p (native audio needs resolution 1080p)",
  ],
  [
    'audio off on kling-3.0-turbo',
    { model: 'kling-3.0-turbo', prompt: 'x', audio: 'off' },
    'audio',
    "audio: 'off' is not allowed for kling-3.0-turbo (audio is always on; allowed: native)",
  ],
  [
    'native audio on kling-2.5-turbo',
    { model: 'kling-2.5-turbo', prompt: 'x', audio: 'native' },
    'audio',
    "audio: 'native' is not allowed for kling-2.5-turbo text-to-video (it makes no audio; allowed: off)",
  ],
  [
    "'original' audio without a video",
    { model: 'kling-3.0-omni', prompt: 'x', audio: 'original' },
    'audio',
    "audio: 'original' is not allowed without a referenceVideo (it keeps the video's sound; allowed: native, off)",
  ],

  // Frames and aspect ratio.
  [
    'an aspect ratio on image-to-video',
    { model: 'kling-2.6', firstFrame: FIRST, aspectRatio: '16:9' },
    'aspectRatio',
    "aspectRatio: '16:9' is not accepted by kling-2.6 image-to-video (the input image or video decides the ratio)",
  ],
  [
    'an unknown aspect ratio',
    { model: 'kling-2.6', prompt: 'x', aspectRatio: '4:3' },
    'aspectRatio',
    "aspectRatio: '4:3' is not allowed (allowed: 16:9, 9:16, 1:1)",
  ],
  [
    'kling-3.0-turbo image-to-video with a last frame',
    { model: 'kling-3.0-turbo', firstFrame: FIRST, lastFrame: LAST },
    'lastFrame',
    'lastFrame: not accepted by kling-3.0-turbo image-to-video (first frame only)',
  ],
  [
    'a last frame without a first frame',
    { model: 'kling-o1', prompt: 'x', lastFrame: LAST },
    'lastFrame',
    'lastFrame: not allowed without a firstFrame (allowed: a first frame alone, or first + last frame)',
  ],
  [
    'image-to-video without a first frame',
    { model: 'kling-3.0', product: 'image-to-video', lastFrame: LAST },
    'firstFrame',
    'firstFrame: missing (kling-3.0 image-to-video needs a first frame)',
  ],
  [
    'a first frame on text-to-video',
    { model: 'kling-3.0', product: 'text-to-video', prompt: 'x', firstFrame: FIRST },
    'firstFrame',
    'firstFrame: not accepted by kling-3.0 text-to-video (first frames belong to image-to-video and omni-video)',
  ],
  [
    'first + last frame at 720p on kling-2.6',
    { model: 'kling-2.6', firstFrame: FIRST, lastFrame: LAST },
    'lastFrame',
    'lastFrame: not accepted by kling-2.6 image-to-video at 720p (first + last frame needs resolution 1080p)',
  ],
  [
    'first + last frame at 720p on kling-2.5-turbo',
    { model: 'kling-2.5-turbo', firstFrame: FIRST, lastFrame: LAST, resolution: '720p' },
    'lastFrame',
    'lastFrame: not accepted by kling-2.5-turbo image-to-video at 720p (first + last frame needs resolution 1080p)',
  ],

  // Voices and elements.
  [
    'voices without native audio',
    { model: 'kling-2.6', firstFrame: FIRST, voices: ['v1'], resolution: '1080p' },
    'voices',
    "voices: not allowed with audio 'off' (allowed: voices with audio 'native')",
  ],
  [
    'three voices',
    { model: 'kling-2.6', firstFrame: FIRST, voices: ['a', 'b', 'c'], audio: 'native', resolution: '1080p' },
    'voices',
    'voices: 3 voices is more than kling-2.6 image-to-video allows (allowed: at most 2)',
  ],
  [
    'voices on text-to-video',
    { model: 'kling-2.6', prompt: 'x', voices: ['a'] },
    'voices',
    'voices: not accepted by kling-2.6 text-to-video (allowed on: kling-2.6 image-to-video)',
  ],
  [
    'four elements on kling-3.0 image-to-video',
    { model: 'kling-3.0', firstFrame: FIRST, elements: [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }] },
    'elements',
    'elements: 4 elements is more than kling-3.0 image-to-video allows (allowed: at most 3)',
  ],
  [
    'elements on kling-2.6',
    { model: 'kling-2.6', firstFrame: FIRST, elements: [{ id: '1' }] },
    'elements',
    'elements: not accepted by kling-2.6 image-to-video (allowed on: kling-3.0 image-to-video, kling-3.0-omni omni-video, kling-o1 omni-video)',
  ],
  [
    'two elements with one alias',
    {
      model: 'kling-3.0',
      firstFrame: FIRST,
      elements: [
        { id: '1', alias: 'hero' },
        { id: '2', alias: 'hero' },
      ],
    },
    'elements.1.alias',
    "elements.1.alias: 'hero' is already the alias of elements.0 (allowed: a unique alias per element)",
  ],
  [
    'an alias that reads as an image reference',
    { model: 'kling-3.0-omni', prompt: 'x', elements: [{ id: '1', alias: 'image_1' }] },
    'elements.0.alias',
    "elements.0.alias: 'image_1' is reserved for an image, video or voice reference (allowed: any other name)",
  ],

  // Omni.
  [
    'eight images and elements without a video',
    {
      model: 'kling-3.0-omni',
      prompt: 'x',
      referenceImages: [FIRST, FIRST, FIRST, FIRST, FIRST, FIRST],
      elements: [{ id: '1' }, { id: '2' }],
    },
    'referenceImages',
    'referenceImages: 8 images and elements is more than kling-3.0-omni allows without a reference video (allowed: at most 7)',
  ],
  [
    'five images and elements with a video',
    {
      model: 'kling-o1',
      prompt: 'x',
      referenceImages: [FIRST, FIRST, FIRST],
      elements: [{ id: '1' }, { id: '2' }],
      referenceVideo: { url: CLIP, refer: 'feature' },
    },
    'referenceImages',
    'referenceImages: 5 images and elements is more than kling-o1 allows with a reference video (allowed: at most 4)',
  ],
  [
    'a base video with a first frame',
    { model: 'kling-3.0-omni', prompt: 'x', firstFrame: FIRST, referenceVideo: { url: CLIP, refer: 'base' } },
    'referenceVideo',
    "referenceVideo: refer 'base' is not allowed with a first or last frame (editing a video keeps its frames)",
  ],
  [
    'a base video with shots',
    { model: 'kling-3.0-omni', shots: [{ prompt: 'a', duration: 5 }], referenceVideo: { url: CLIP, refer: 'base' } },
    'referenceVideo',
    "referenceVideo: refer 'base' is not allowed with multi-shot (editing a video keeps its shots)",
  ],
  [
    'a base video with native audio',
    { model: 'kling-3.0-omni', prompt: 'x', audio: 'native', referenceVideo: { url: CLIP, refer: 'base' } },
    'audio',
    "audio: 'native' is not allowed with a 'base' referenceVideo (allowed: original, off)",
  ],
  [
    'kling-o1 with only a first frame for 7 s',
    { model: 'kling-o1', prompt: 'x', firstFrame: FIRST, duration: 7 },
    'duration',
    'duration: 7 is not allowed for kling-o1 with only a first frame (allowed: 5, 10)',
  ],
  [
    'a reference video on ftp',
    { model: 'kling-o1', prompt: 'x', referenceVideo: { url: 'ftp://cdn.example.com/clip.mp4', refer: 'feature' } },
    'referenceVideo.url',
    "referenceVideo.url: 'ftp://cdn.example.com/clip.mp4' is not allowed (allowed: an http or https URL)",
  ],

  // Motion control, multi-image, video extend.
  [
    'motion control without an orientation',
    { model: 'kling-3.0', ...motion },
    'characterOrientation',
    "characterOrientation: missing (allowed: 'image' or 'video')",
  ],
  [
    'motion control without a character image',
    { model: 'kling-3.0', product: 'motion-control', motionVideo: CLIP, characterOrientation: 'image' },
    'characterImage',
    'characterImage: missing (motion-control needs the character image)',
  ],
  [
    'a 12 s motion video with orientation image',
    { model: 'kling-3.0', ...motion, characterOrientation: 'image', motionVideoSeconds: 12 },
    'motionVideoSeconds',
    "motionVideoSeconds: 12 is not allowed with characterOrientation 'image' (allowed: 3 to 10)",
  ],
  [
    'a 2 s motion video',
    { model: 'kling-2.6', ...motion, characterOrientation: 'video', motionVideoSeconds: 2 },
    'motionVideoSeconds',
    "motionVideoSeconds: 2 is not allowed with characterOrientation 'video' (allowed: 3 to 30)",
  ],
  [
    'a motion video that is not http',
    { model: 'kling-2.6', characterImage: FIRST, motionVideo: 'ftp://cdn.example.com/dance.mp4', characterOrientation: 'video' },
    'motionVideo',
    "motionVideo: 'ftp://cdn.example.com/dance.mp4' is not allowed (allowed: an http or https URL)",
  ],
  [
    'an orientation on text-to-video',
    { model: 'kling-3.0', prompt: 'x', characterOrientation: 'video' },
    'characterOrientation',
    'characterOrientation: not accepted by kling-3.0 text-to-video (it belongs to motion-control)',
  ],
  [
    'multi-image with five images',
    { model: 'kling-v1-6', prompt: 'x', images: [FIRST, FIRST, FIRST, FIRST, FIRST] },
    'images',
    'images: 5 images is not allowed for kling-v1-6 multi-image-to-video (allowed: 1 to 4)',
  ],
  [
    'video extend without a videoId',
    { model: 'kling-v1-6', product: 'video-extend', prompt: 'x' },
    'videoId',
    'videoId: missing (video-extend needs the id of a generated video)',
  ],

  // Images.
  [
    'Base64 that is not a JPEG or PNG',
    { model: 'kling-2.6', firstFrame: Buffer.from('GIF89a' + 'x'.repeat(40)).toString('base64') },
    'firstFrame',
    "firstFrame: 'R0lGODlheHh4eHh4eHh4eHh4…' (64 characters) is not a JPEG or PNG image (allowed: jpg, jpeg, png)",
  ],
  [
    'a 200x200 PNG',
    { model: 'kling-2.6', firstFrame: base64(png(200, 200)) },
    'firstFrame',
    'firstFrame: a 200x200 image is too small (allowed: at least 300 px on each side)',
  ],
  [
    'a 1000x300 PNG',
    { model: 'kling-2.6', firstFrame: base64(png(1000, 300)) },
    'firstFrame',
    'firstFrame: a 1000x300 image is not allowed (allowed: an aspect ratio between 1:2.5 and 2.5:1)',
  ],
  [
    'a 299x600 JPEG',
    { model: 'kling-3.0', firstFrame: base64(jpeg(299, 600)) },
    'firstFrame',
    'firstFrame: a 299x600 image is too small (allowed: at least 300 px on each side)',
  ],
  [
    'a GIF data URL',
    { model: 'kling-2.6', firstFrame: 'data:image/gif;base64,R0lGODlh' },
    'firstFrame',
    "firstFrame: 'data:image/gif;base64,R0lGODlh' is not allowed (allowed: data:image/png or data:image/jpeg with Base64, or the bare Base64)",
  ],
  [
    'an ftp:// image URL',
    { model: 'kling-2.6', firstFrame: 'ftp://cdn.example.com/a.png' },
    'firstFrame',
    "firstFrame: 'ftp://cdn.example.com/a.png' is not allowed (allowed: an http or https URL)",
  ],
  [
    'a local file path',
    { model: 'kling-2.6', firstFrame: '/home/me/frame.png' },
    'firstFrame',
    "firstFrame: '/home/me/frame.png' looks like a local file path (allowed: an http(s) URL or Base64 JPEG/PNG data; read the file and send its Base64)",
  ],
  [
    'a Windows file path',
    { model: 'kling-3.0-omni', prompt: 'x', referenceImages: [FIRST, 'C:\\Users\\me\\ref.png'] },
    'referenceImages.1',
    "referenceImages.1: 'C:\\Users\\me\\ref.png' looks like a local file path (allowed: an http(s) URL or Base64 JPEG/PNG data; read the file and send its Base64)",
  ],
  [
    'a bare file name',
    { model: 'kling-2.6', firstFrame: 'frame.png' },
    'firstFrame',
    "firstFrame: 'frame.png' is neither a URL nor Base64 (allowed: an http(s) URL or Base64 JPEG/PNG data)",
  ],

  // Legacy-only knobs.
  [
    'a negative prompt on kling-3.0-turbo',
    { model: 'kling-3.0-turbo', prompt: 'x', negativePrompt: 'blur' },
    'negativePrompt',
    "negativePrompt: not accepted by kling-3.0-turbo text-to-video (negative prompts exist on the legacy standard's text, image, multi-image and extend requests only)",
  ],
  [
    'a negative prompt on motion control',
    { model: 'kling-2.6', ...motion, characterOrientation: 'video', negativePrompt: 'blur' },
    'negativePrompt',
    "negativePrompt: not accepted by kling-2.6 motion-control (negative prompts exist on the legacy standard's text, image, multi-image and extend requests only)",
  ],
  ['cfgScale above 1', { model: 'kling-v1-6', prompt: 'x', cfgScale: 1.5 }, 'cfgScale', 'cfgScale: 1.5 is not allowed (allowed: 0 to 1)'],
  [
    'cfgScale on kling-2.6',
    { model: 'kling-2.6', prompt: 'x', cfgScale: 0.5 },
    'cfgScale',
    'cfgScale: not accepted by kling-2.6 text-to-video (allowed on: kling-v1-6 text-to-video, kling-v1-6 image-to-video, kling-v1-6 video-extend)',
  ],

  // Multi-shot.
  [
    'shots that do not add up to the duration',
    {
      model: 'kling-3.0',
      shots: [
        { prompt: 'a', duration: 2 },
        { prompt: 'b', duration: 2 },
      ],
      duration: 5,
    },
    'shots',
    'shots: shot lengths add up to 4 s but duration is 5 s (they must be equal)',
  ],
  [
    'shots adding up to less than the shortest video',
    { model: 'kling-3.0', shots: [{ prompt: 'a', duration: 2 }] },
    'shots',
    'shots: shot lengths add up to 2 s, not allowed for kling-3.0 (allowed: 3 to 15 s in all)',
  ],
  [
    'shots and a prompt',
    { model: 'kling-3.0', prompt: 'x', shots: [{ prompt: 'a', duration: 5 }] },
    'shots',
    "shots: not allowed together with prompt (write each shot's text in the shot and leave prompt out)",
  ],
  [
    'seven shots',
    { model: 'kling-3.0', shots: Array.from({ length: 7 }, () => ({ prompt: 'a', duration: 1 })) },
    'shots',
    'shots: 7 shots is not allowed for kling-3.0 (allowed: 1 to 6)',
  ],
  [
    'a shot prompt over 512 characters',
    { model: 'kling-3.0', shots: [{ prompt: 'a'.repeat(513), duration: 5 }] },
    'shots.0.prompt',
    'shots.0.prompt: 513 characters is too long (allowed: at most 512 per shot)',
  ],
  [
    'shots on kling-2.6',
    { model: 'kling-2.6', shots: [{ prompt: 'a', duration: 5 }] },
    'shots',
    'shots: not accepted by kling-2.6 text-to-video (multi-shot exists on kling-3.0 and kling-3.0-omni)',
  ],

  // Callback and external id.
  [
    'an external id with a space',
    { model: 'kling-3.0', prompt: 'x', externalTaskId: 'my task' },
    'externalTaskId',
    "externalTaskId: 'my task' is not allowed (allowed: 1 to 128 printable characters, no spaces)",
  ],
  [
    'an external id of 129 characters',
    { model: 'kling-3.0', prompt: 'x', externalTaskId: 'x'.repeat(129) },
    'externalTaskId',
    "externalTaskId: 'xxxxxxxxxxxxxxxxxxxxxxxx…' (129 characters) is not allowed (allowed: 1 to 128 printable characters, no spaces)",
  ],
  [
    'an external id with a comma, which /tasks?external_task_ids= cannot carry',
    { model: 'kling-3.0', prompt: 'x', externalTaskId: 'order-1,order-2' },
    'externalTaskId',
    "externalTaskId: 'order-1,order-2' contains ',', which a lookup by external id cannot carry (not allowed: , / ? # % \\)",
  ],
  [
    'an external id with a slash, which the legacy read path cannot carry',
    { model: 'kling-3.0', prompt: 'x', externalTaskId: 'batch/7' },
    'externalTaskId',
    "externalTaskId: 'batch/7' contains '/', which a lookup by external id cannot carry (not allowed: , / ? # % \\)",
  ],
  [
    'a callback URL on ftp',
    { model: 'kling-3.0', prompt: 'x', callbackUrl: 'ftp://hooks.example.com/kling' },
    'callbackUrl',
    "callbackUrl: 'ftp://hooks.example.com/kling' is not allowed (allowed: an http or https URL)",
  ],
  [
    'a callback URL without a scheme',
    { model: 'kling-3.0', prompt: 'x', callbackUrl: 'hooks.example.com/kling' },
    'callbackUrl',
    "callbackUrl: 'hooks.example.com/kling' is not allowed (allowed: an http or https URL)",
  ],
];

describe('validate refuses invalid requests with a message that names the field', () => {
  it('has at least 35 distinct cases', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(35);
    expect(new Set(invalid.map(([, , , message]) => message)).size).toBe(invalid.length);
  });

  it.each(invalid)('%s', (_what, request, field, message) => {
    expect(() => validate(request)).toThrow(message);
    const error = thrown(() => validate(request));
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
    expect(error.kind).toBe('invalid');
    expect(error.retryable).toBe(false);
  });
});

describe('validate accepts and normalizes', () => {
  it('fills in the model defaults and infers the product', () => {
    expect(validate({ model: 'kling-3.0', prompt: 'A fox' })).toEqual({
      model: 'kling-3.0',
      product: 'text-to-video',
      prompt: 'A fox',
      resolution: '720p',
      duration: 5,
      audio: 'off',
      aspectRatio: '16:9',
    });
    expect(validate({ model: 'kling-3.0', firstFrame: FIRST }).product).toBe('image-to-video');
    expect(validate({ model: 'kling-2.6', ...motion, characterOrientation: 'video' }).product).toBe('motion-control');
    expect(validate({ model: 'kling-v1-6', prompt: 'x', images: [FIRST] }).product).toBe('multi-image-to-video');
    expect(validate({ model: 'kling-v1-6', videoId: '860211114186612811' }).product).toBe('video-extend');
    expect(validate({ model: 'kling-o1', prompt: 'x' }).product).toBe('omni-video');
  });

  it('strips a data: prefix from a Base64 image', () => {
    const data = base64(png(640, 480));
    const valid = validate({ model: 'kling-2.6', firstFrame: `data:image/png;base64,${data}` });
    expect(valid.firstFrame).toBe(data);
    expect(validate({ model: 'kling-2.6', firstFrame: `data:image/jpeg;base64,${base64(jpeg(1280, 720))}` }).firstFrame).toBe(
      base64(jpeg(1280, 720)),
    );
  });

  it('accepts JPEG and PNG Base64 at the limits of size and ratio', () => {
    for (const image of [png(300, 300), png(750, 300), png(300, 750), jpeg(1920, 1080), jpeg(300, 300)]) {
      expect(validate({ model: 'kling-3.0', firstFrame: base64(image) }).firstFrame).toBe(base64(image));
    }
  });

  it('takes Base64 split over lines and returns it on one line', () => {
    const data = base64(png(400, 400));
    const wrapped = data.replace(/(.{76})/g, '$1\n');
    expect(validate({ model: 'kling-3.0', firstFrame: wrapped }).firstFrame).toBe(data);
  });

  it('gives every shot length to the duration when none is given', () => {
    const valid = validate({
      model: 'kling-3.0-omni',
      shots: [
        { prompt: 'a', duration: 4 },
        { prompt: 'b', duration: 5 },
      ],
    });
    expect(valid.duration).toBe(9);
  });

  it('is idempotent', () => {
    for (const request of [
      {
        model: 'kling-3.0',
        shots: [
          { prompt: 'a', duration: 3 },
          { prompt: 'b', duration: 3 },
        ],
      },
      { model: 'kling-v1-6', videoId: '860211114186612811' },
      { model: 'kling-2.6', firstFrame: `data:image/png;base64,${base64(png(400, 400))}`, callbackUrl: ' https://hooks.example.com/x ' },
      { model: 'kling-o1', prompt: 'x', referenceVideo: { url: CLIP, refer: 'base' } },
    ]) {
      const once = validate(request);
      expect(validate(once)).toEqual(once);
    }
  });
});

describe('image size limits per standard', () => {
  const MB = 1024 * 1024;

  it('takes an 11 MB image on the new standard but refuses it on the legacy standard at encode time', () => {
    const image = png(400, 400, 11 * MB);
    const valid = validate({ model: 'kling-2.6', firstFrame: base64(image) });
    expect(standardsFor(valid)).toEqual(['new']);
    expect(encode(valid, 'new').path).toBe('/image-to-video/kling-2.6');
    const error = thrown(() => encode(valid, 'legacy'));
    expect(error.field).toBe('firstFrame');
    expect(error.message).toBe(
      `firstFrame: an image of ${image.length} bytes is too large for the legacy standard (allowed: at most 10 MB; 50 MB on the new standard)`,
    );
  });

  it('refuses an 11 MB image at validation on a legacy-only model', () => {
    const image = png(400, 400, 11 * MB);
    expect(() => validate({ model: 'kling-v1-6', firstFrame: base64(image) })).toThrow(
      `firstFrame: an image of ${image.length} bytes is too large for the legacy standard (allowed: at most 10 MB; 50 MB on the new standard)`,
    );
  });

  it('refuses an image over 50 MB on every standard', () => {
    const image = png(400, 400, 51 * MB);
    const error = thrown(() => validate({ model: 'kling-3.0-turbo', firstFrame: base64(image) }));
    expect(error.field).toBe('firstFrame');
    expect(error.message).toBe(`firstFrame: an image of ${image.length} bytes is too large (allowed: at most 50 MB)`);
  });

  it('refuses a prompt that outgrows 2500 characters once references are written the legacy way', () => {
    // `@image_1` (8 characters) becomes `<<<image_1>>>` (13) on the legacy standard.
    const fits = validate({ model: 'kling-3.0-omni', prompt: `${'x'.repeat(2486)} @image_1`, referenceImages: [FIRST] });
    expect(fits.prompt!.length).toBe(2495);
    expect(standardsFor(fits)).toEqual(['new', 'legacy']);
    expect((encode(fits, 'legacy').body.prompt as string).length).toBe(2500);

    const over = validate({ model: 'kling-3.0-omni', prompt: `${'x'.repeat(2487)} @image_1`, referenceImages: [FIRST] });
    expect(standardsFor(over)).toEqual(['new']);
    expect(thrown(() => encode(over, 'legacy')).message).toBe(
      'prompt: 2501 characters (counting references as <<<…>>>) is too long for the legacy standard (allowed: at most 2500)',
    );
  });
});
