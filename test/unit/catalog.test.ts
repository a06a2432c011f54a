import { describe, expect, it } from 'vitest';
import {
  encode,
  findModel,
  KlingError,
  MODELS,
  productsOf,
  standardsFor,
  validate,
  type Product,
  type Standard,
} from '../../core/index.js';
import { base64, png } from './images.js';

/**
 * Golden wire bodies, written out by hand from shared/kling-api.md §2–§3: one valid request per
 * model × product of the catalog (and more for the features that change the body), encoded for
 * each standard. A standard that cannot carry the request is given as the exact error text.
 */

const FIRST = 'https://cdn.example.com/first.png';
const LAST = 'https://cdn.example.com/last.jpg';
const REF_1 = 'https://cdn.example.com/ref-1.png';
const REF_2 = 'https://cdn.example.com/ref-2.png';
const REF_3 = 'https://cdn.example.com/ref-3.png';
const MOTION = 'https://cdn.example.com/dance.mp4';
const CLIP = 'https://cdn.example.com/clip.mp4';
const CALLBACK = 'https://hooks.example.com/kling?source=test';
const FRAME_BASE64 = base64(png(640, 360));

type Golden = { path: string; body: Record<string, unknown> } | string;

interface Case {
  name: string;
  request: Record<string, unknown>;
  new: Golden;
  legacy: Golden;
}

const notOnLegacy = (model: string, product: string): string =>
  `model: ${model} ${product} is not offered on the legacy standard (the model is new-standard only)`;
const notOnNew = (model: string, product: string): string =>
  `model: ${model} ${product} is not offered on the new standard (it is legacy-standard only)`;

const cases: Case[] = [
  // kling-3.0-turbo: new standard only, audio always on (no field), first frame only on i2v.
  {
    name: 'kling-3.0-turbo text-to-video',
    request: { model: 'kling-3.0-turbo', prompt: 'A paper boat drifts down a rain gutter', duration: 3 },
    new: {
      path: '/text-to-video/kling-3.0-turbo',
      body: {
        prompt: 'A paper boat drifts down a rain gutter',
        settings: { resolution: '720p', aspect_ratio: '16:9', duration: 3 },
      },
    },
    legacy: notOnLegacy('kling-3.0-turbo', 'text-to-video'),
  },
  {
    name: 'kling-3.0-turbo image-to-video, 1080p, watermark and external id',
    request: {
      model: 'kling-3.0-turbo',
      prompt: 'The boat sails out of frame',
      firstFrame: FIRST,
      resolution: '1080p',
      watermark: true,
      externalTaskId: 'order-42',
    },
    new: {
      path: '/image-to-video/kling-3.0-turbo',
      body: {
        contents: [
          { type: 'prompt', text: 'The boat sails out of frame' },
          { type: 'first_frame', url: FIRST },
        ],
        settings: { resolution: '1080p', duration: 5 },
        options: { external_task_id: 'order-42', watermark_info: { enabled: true } },
      },
    },
    legacy: notOnLegacy('kling-3.0-turbo', 'image-to-video'),
  },

  // kling-3.0 (legacy kling-v3): 4k, native audio, multi-shot, elements, motion control.
  {
    name: 'kling-3.0 text-to-video, 4k, native audio, callback',
    request: {
      model: 'kling-3.0',
      prompt: 'A lighthouse in a storm',
      resolution: '4k',
      aspectRatio: '9:16',
      duration: 10,
      audio: 'native',
      callbackUrl: CALLBACK,
    },
    new: {
      path: '/text-to-video/kling-3.0',
      body: {
        prompt: 'A lighthouse in a storm',
        settings: { resolution: '4k', aspect_ratio: '9:16', duration: 10, audio: 'native' },
        options: { callback_url: CALLBACK },
      },
    },
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v3',
        mode: '4k',
        prompt: 'A lighthouse in a storm',
        sound: 'on',
        aspect_ratio: '9:16',
        duration: '10',
        callback_url: CALLBACK,
      },
    },
  },
  {
    name: 'kling-3.0 text-to-video with shots (multi-shot)',
    request: {
      model: 'kling-3.0',
      shots: [
        { prompt: 'A kite rises over the dunes', duration: 2 },
        { prompt: 'Close-up of the child laughing', duration: 3 },
      ],
      resolution: '1080p',
      externalTaskId: 'shots-1',
    },
    new: {
      path: '/text-to-video/kling-3.0',
      body: {
        prompt: 'shot 1, 2, A kite rises over the dunes; shot 2, 3, Close-up of the child laughing;',
        settings: { resolution: '1080p', aspect_ratio: '16:9', duration: 5, audio: 'off', multi_shot: true },
        options: { external_task_id: 'shots-1' },
      },
    },
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v3',
        mode: 'pro',
        sound: 'off',
        aspect_ratio: '16:9',
        duration: '5',
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: [
          { index: 1, prompt: 'A kite rises over the dunes', duration: '2' },
          { index: 2, prompt: 'Close-up of the child laughing', duration: '3' },
        ],
        external_task_id: 'shots-1',
      },
    },
  },
  {
    name: 'kling-3.0 image-to-video with first + last frame, elements and automatic multi-shot',
    request: {
      model: 'kling-3.0',
      prompt: '@hero walks toward @element_2 at dusk',
      firstFrame: FIRST,
      lastFrame: LAST,
      elements: [{ id: '829376081165181009', alias: 'hero' }, { id: '163' }],
      multiShot: true,
      duration: 8,
    },
    new: {
      path: '/image-to-video/kling-3.0',
      body: {
        contents: [
          { type: 'prompt', text: '@hero walks toward @element_2 at dusk' },
          { type: 'first_frame', url: FIRST },
          { type: 'last_frame', url: LAST },
          { type: 'element', element_id: '829376081165181009', id: 'hero' },
          { type: 'element', element_id: '163', id: 'element_2' },
        ],
        settings: { resolution: '720p', duration: 8, audio: 'off', multi_shot: true },
      },
    },
    legacy: {
      path: '/v1/videos/image2video',
      body: {
        model_name: 'kling-v3',
        mode: 'std',
        prompt: '<<<element_1>>> walks toward <<<element_2>>> at dusk',
        image: FIRST,
        image_tail: LAST,
        sound: 'off',
        duration: '8',
        multi_shot: true,
        shot_type: 'intelligence',
        element_list: [{ element_id: '829376081165181009' }, { element_id: '163' }],
      },
    },
  },
  {
    name: 'kling-3.0 image-to-video with three shots',
    request: {
      model: 'kling-3.0',
      product: 'image-to-video',
      firstFrame: FIRST,
      shots: [
        { prompt: 'Wide shot of the harbour', duration: 3 },
        { prompt: 'The boat leaves', duration: 3 },
        { prompt: 'Gulls circle the mast', duration: 4 },
      ],
      duration: 10,
    },
    new: {
      path: '/image-to-video/kling-3.0',
      body: {
        contents: [
          { type: 'prompt', text: 'shot 1, 3, Wide shot of the harbour; shot 2, 3, The boat leaves; shot 3, 4, Gulls circle the mast;' },
          { type: 'first_frame', url: FIRST },
        ],
        settings: { resolution: '720p', duration: 10, audio: 'off', multi_shot: true },
      },
    },
    legacy: {
      path: '/v1/videos/image2video',
      body: {
        model_name: 'kling-v3',
        mode: 'std',
        image: FIRST,
        sound: 'off',
        duration: '10',
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: [
          { index: 1, prompt: 'Wide shot of the harbour', duration: '3' },
          { index: 2, prompt: 'The boat leaves', duration: '3' },
          { index: 3, prompt: 'Gulls circle the mast', duration: '4' },
        ],
      },
    },
  },
  {
    name: 'kling-3.0 text-to-video with multi-shot off',
    request: { model: 'kling-3.0', prompt: 'One continuous take of a fox', multiShot: false },
    new: {
      path: '/text-to-video/kling-3.0',
      body: {
        prompt: 'One continuous take of a fox',
        settings: { resolution: '720p', aspect_ratio: '16:9', duration: 5, audio: 'off', multi_shot: false },
      },
    },
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v3',
        mode: 'std',
        prompt: 'One continuous take of a fox',
        sound: 'off',
        aspect_ratio: '16:9',
        duration: '5',
        multi_shot: false,
      },
    },
  },
  {
    name: 'kling-3.0 motion control, orientation video, original sound',
    request: {
      model: 'kling-3.0',
      prompt: 'The dancer wears a red coat',
      characterImage: FIRST,
      motionVideo: MOTION,
      characterOrientation: 'video',
      motionVideoSeconds: 12,
      audio: 'original',
      resolution: '1080p',
    },
    new: {
      path: '/motion-control/kling-3.0',
      body: {
        contents: [
          { type: 'prompt', text: 'The dancer wears a red coat' },
          { type: 'image', url: FIRST },
          { type: 'video', url: MOTION },
        ],
        settings: { resolution: '1080p', audio: 'original', character_orientation: 'video' },
      },
    },
    legacy: {
      path: '/v1/videos/motion-control',
      body: {
        model_name: 'kling-v3',
        mode: 'pro',
        prompt: 'The dancer wears a red coat',
        image_url: FIRST,
        video_url: MOTION,
        character_orientation: 'video',
        keep_original_sound: 'yes',
      },
    },
  },

  // kling-3.0-omni (legacy kling-v3-omni): references, a reference video, elements, frames, shots.
  {
    name: 'kling-3.0-omni with a reference image, a feature video, an element, callback and external id',
    request: {
      model: 'kling-3.0-omni',
      prompt: '@hero dances like @video_1 in the style of @image_1',
      referenceImages: [REF_1],
      referenceVideo: { url: CLIP, refer: 'feature' },
      elements: [{ id: '161', alias: 'hero' }],
      resolution: '1080p',
      duration: 6,
      audio: 'native',
      callbackUrl: CALLBACK,
      externalTaskId: 'omni-7',
      watermark: false,
    },
    new: {
      path: '/omni-video/kling-3.0-omni',
      body: {
        contents: [
          { type: 'prompt', text: '@hero dances like @video_1 in the style of @image_1' },
          { type: 'refer_image', url: REF_1, id: 'image_1' },
          { type: 'feature_video', url: CLIP, id: 'video_1' },
          { type: 'element', element_id: '161', id: 'hero' },
        ],
        settings: { resolution: '1080p', duration: 6, audio: 'native' },
        options: { callback_url: CALLBACK, external_task_id: 'omni-7', watermark_info: { enabled: false } },
      },
    },
    legacy: {
      path: '/v1/videos/omni-video',
      body: {
        model_name: 'kling-v3-omni',
        mode: 'pro',
        prompt: '<<<element_1>>> dances like <<<video_1>>> in the style of <<<image_1>>>',
        image_list: [{ image_url: REF_1 }],
        video_list: [{ video_url: CLIP, refer_type: 'feature', keep_original_sound: 'no' }],
        element_list: [{ element_id: '161' }],
        sound: 'on',
        duration: '6',
        callback_url: CALLBACK,
        external_task_id: 'omni-7',
        watermark_info: { enabled: false },
      },
    },
  },
  {
    name: 'kling-3.0-omni with first + last frame at 4k',
    request: {
      model: 'kling-3.0-omni',
      prompt: 'The flower blooms',
      firstFrame: FIRST,
      lastFrame: LAST,
      resolution: '4k',
      duration: 4,
    },
    new: {
      path: '/omni-video/kling-3.0-omni',
      body: {
        contents: [
          { type: 'prompt', text: 'The flower blooms' },
          { type: 'first_frame', url: FIRST },
          { type: 'last_frame', url: LAST },
        ],
        settings: { resolution: '4k', duration: 4, audio: 'off' },
      },
    },
    legacy: {
      path: '/v1/videos/omni-video',
      body: {
        model_name: 'kling-v3-omni',
        mode: '4k',
        prompt: 'The flower blooms',
        image_list: [
          { image_url: FIRST, type: 'first_frame' },
          { image_url: LAST, type: 'end_frame' },
        ],
        sound: 'off',
        duration: '4',
      },
    },
  },
  {
    name: 'kling-3.0-omni text only with shots that refer to images',
    request: {
      model: 'kling-3.0-omni',
      referenceImages: [REF_1, REF_2],
      shots: [
        { prompt: '@image_1 walks in', duration: 4 },
        { prompt: '@image_2 waves back', duration: 4 },
      ],
      aspectRatio: '1:1',
    },
    new: {
      path: '/omni-video/kling-3.0-omni',
      body: {
        contents: [
          { type: 'prompt', text: 'shot 1, 4, @image_1 walks in; shot 2, 4, @image_2 waves back;' },
          { type: 'refer_image', url: REF_1, id: 'image_1' },
          { type: 'refer_image', url: REF_2, id: 'image_2' },
        ],
        settings: { resolution: '720p', aspect_ratio: '1:1', duration: 8, audio: 'off', multi_shot: true },
      },
    },
    legacy: {
      path: '/v1/videos/omni-video',
      body: {
        model_name: 'kling-v3-omni',
        mode: 'std',
        image_list: [{ image_url: REF_1 }, { image_url: REF_2 }],
        sound: 'off',
        aspect_ratio: '1:1',
        duration: '8',
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: [
          { index: 1, prompt: '<<<image_1>>> walks in', duration: '4' },
          { index: 2, prompt: '<<<image_2>>> waves back', duration: '4' },
        ],
      },
    },
  },

  // kling-o1 (legacy kling-video-o1): audio original|off, no sound field on legacy.
  {
    name: 'kling-o1 editing a base video with a reference image',
    request: {
      model: 'kling-o1',
      prompt: 'Make @video_1 look like @image_1',
      referenceImages: [REF_1],
      referenceVideo: { url: CLIP, refer: 'base' },
      audio: 'original',
      duration: 7,
    },
    new: {
      path: '/omni-video/kling-o1',
      body: {
        contents: [
          { type: 'prompt', text: 'Make @video_1 look like @image_1' },
          { type: 'refer_image', url: REF_1, id: 'image_1' },
          { type: 'base_video', url: CLIP, id: 'video_1' },
        ],
        settings: { resolution: '720p', duration: 7, audio: 'original' },
      },
    },
    legacy: {
      path: '/v1/videos/omni-video',
      body: {
        model_name: 'kling-video-o1',
        mode: 'std',
        prompt: 'Make <<<video_1>>> look like <<<image_1>>>',
        image_list: [{ image_url: REF_1 }],
        video_list: [{ video_url: CLIP, refer_type: 'base', keep_original_sound: 'yes' }],
        duration: '7',
      },
    },
  },
  {
    name: 'kling-o1 with only a first frame, 10 s, 1080p',
    request: { model: 'kling-o1', prompt: 'She turns and smiles', firstFrame: FIRST, duration: 10, resolution: '1080p' },
    new: {
      path: '/omni-video/kling-o1',
      body: {
        contents: [
          { type: 'prompt', text: 'She turns and smiles' },
          { type: 'first_frame', url: FIRST },
        ],
        settings: { resolution: '1080p', duration: 10, audio: 'off' },
      },
    },
    legacy: {
      path: '/v1/videos/omni-video',
      body: {
        model_name: 'kling-video-o1',
        mode: 'pro',
        prompt: 'She turns and smiles',
        image_list: [{ image_url: FIRST, type: 'first_frame' }],
        duration: '10',
      },
    },
  },

  // kling-2.6 (legacy kling-v2-6): native audio at 1080p, voices, motion control.
  {
    name: 'kling-2.6 text-to-video with native audio at 1080p',
    request: { model: 'kling-2.6', prompt: 'Rain on a tin roof', resolution: '1080p', audio: 'native', aspectRatio: '1:1', duration: 10 },
    new: {
      path: '/text-to-video/kling-2.6',
      body: {
        prompt: 'Rain on a tin roof',
        settings: { resolution: '1080p', aspect_ratio: '1:1', duration: 10, audio: 'native' },
      },
    },
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v2-6',
        mode: 'pro',
        prompt: 'Rain on a tin roof',
        sound: 'on',
        aspect_ratio: '1:1',
        duration: '10',
      },
    },
  },
  {
    name: 'kling-2.6 image-to-video with a Base64 first frame and two voices',
    request: {
      model: 'kling-2.6',
      prompt: 'The man @voice_1 says hello and the woman @voice_2 answers',
      firstFrame: `data:image/png;base64,${FRAME_BASE64}`,
      voices: ['891495440020668439', '891495440020668440'],
      audio: 'native',
      resolution: '1080p',
    },
    new: {
      path: '/image-to-video/kling-2.6',
      body: {
        contents: [
          { type: 'prompt', text: 'The man @voice_1 says hello and the woman @voice_2 answers' },
          { type: 'first_frame', url: FRAME_BASE64 },
          { type: 'voice', voice_id: '891495440020668439', id: 'voice_1' },
          { type: 'voice', voice_id: '891495440020668440', id: 'voice_2' },
        ],
        settings: { resolution: '1080p', duration: 5, audio: 'native' },
      },
    },
    legacy: {
      path: '/v1/videos/image2video',
      body: {
        model_name: 'kling-v2-6',
        mode: 'pro',
        prompt: 'The man <<<voice_1>>> says hello and the woman <<<voice_2>>> answers',
        image: FRAME_BASE64,
        sound: 'on',
        duration: '5',
        voice_list: [{ voice_id: '891495440020668439' }, { voice_id: '891495440020668440' }],
      },
    },
  },
  {
    name: 'kling-2.6 motion control, orientation image, external id',
    request: {
      model: 'kling-2.6',
      characterImage: FIRST,
      motionVideo: MOTION,
      characterOrientation: 'image',
      externalTaskId: 'mc-26',
    },
    new: {
      path: '/motion-control/kling-2.6',
      body: {
        contents: [
          { type: 'image', url: FIRST },
          { type: 'video', url: MOTION },
        ],
        settings: { resolution: '720p', audio: 'off', character_orientation: 'image' },
        options: { external_task_id: 'mc-26' },
      },
    },
    legacy: {
      path: '/v1/videos/motion-control',
      body: {
        model_name: 'kling-v2-6',
        mode: 'std',
        image_url: FIRST,
        video_url: MOTION,
        character_orientation: 'image',
        keep_original_sound: 'no',
        external_task_id: 'mc-26',
      },
    },
  },

  // kling-2.5-turbo (legacy kling-v2-5-turbo): no audio at all.
  {
    name: 'kling-2.5-turbo text-to-video',
    request: { model: 'kling-2.5-turbo', prompt: 'A red balloon over Paris', audio: 'off' },
    new: {
      path: '/text-to-video/kling-2.5-turbo',
      body: { prompt: 'A red balloon over Paris', settings: { resolution: '720p', aspect_ratio: '16:9', duration: 5 } },
    },
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v2-5-turbo',
        mode: 'std',
        prompt: 'A red balloon over Paris',
        aspect_ratio: '16:9',
        duration: '5',
      },
    },
  },
  {
    name: 'kling-2.5-turbo text-to-video with a negative prompt (legacy only)',
    request: { model: 'kling-2.5-turbo', prompt: 'A red balloon over Paris', negativePrompt: 'people, text' },
    new: 'negativePrompt: not supported on the new standard (legacy standard only)',
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v2-5-turbo',
        mode: 'std',
        prompt: 'A red balloon over Paris',
        negative_prompt: 'people, text',
        aspect_ratio: '16:9',
        duration: '5',
      },
    },
  },
  {
    name: 'kling-2.5-turbo image-to-video with first + last frame at 1080p and a watermark',
    request: { model: 'kling-2.5-turbo', firstFrame: FIRST, lastFrame: LAST, resolution: '1080p', duration: 10, watermark: true },
    new: {
      path: '/image-to-video/kling-2.5-turbo',
      body: {
        contents: [
          { type: 'first_frame', url: FIRST },
          { type: 'last_frame', url: LAST },
        ],
        settings: { resolution: '1080p', duration: 10 },
        options: { watermark_info: { enabled: true } },
      },
    },
    legacy: {
      path: '/v1/videos/image2video',
      body: {
        model_name: 'kling-v2-5-turbo',
        mode: 'pro',
        image: FIRST,
        image_tail: LAST,
        duration: '10',
        watermark_info: { enabled: true },
      },
    },
  },

  // Legacy-only models: no new-standard endpoint; master models send no `mode`.
  {
    name: 'kling-v2-1-master text-to-video',
    request: { model: 'kling-v2-1-master', prompt: 'A samurai in falling snow', duration: 10 },
    new: notOnNew('kling-v2-1-master', 'text-to-video'),
    legacy: {
      path: '/v1/videos/text2video',
      body: { model_name: 'kling-v2-1-master', prompt: 'A samurai in falling snow', aspect_ratio: '16:9', duration: '10' },
    },
  },
  {
    name: 'kling-v2-1-master image-to-video with a negative prompt',
    request: { model: 'kling-v2-1-master', firstFrame: FIRST, negativePrompt: 'blur' },
    new: notOnNew('kling-v2-1-master', 'image-to-video'),
    legacy: {
      path: '/v1/videos/image2video',
      body: { model_name: 'kling-v2-1-master', negative_prompt: 'blur', image: FIRST, duration: '5' },
    },
  },
  {
    name: 'kling-v2-1 text-to-video at 1080p (pro)',
    request: { model: 'kling-v2-1', prompt: 'Waves at night', resolution: '1080p', aspectRatio: '9:16' },
    new: notOnNew('kling-v2-1', 'text-to-video'),
    legacy: {
      path: '/v1/videos/text2video',
      body: { model_name: 'kling-v2-1', mode: 'pro', prompt: 'Waves at night', aspect_ratio: '9:16', duration: '5' },
    },
  },
  {
    name: 'kling-v2-1 image-to-video with first + last frame at 720p',
    request: { model: 'kling-v2-1', prompt: 'A smooth morph', firstFrame: FIRST, lastFrame: LAST, callbackUrl: CALLBACK },
    new: notOnNew('kling-v2-1', 'image-to-video'),
    legacy: {
      path: '/v1/videos/image2video',
      body: {
        model_name: 'kling-v2-1',
        mode: 'std',
        prompt: 'A smooth morph',
        image: FIRST,
        image_tail: LAST,
        duration: '5',
        callback_url: CALLBACK,
      },
    },
  },
  {
    name: 'kling-v2-master text-to-video',
    request: { model: 'kling-v2-master', prompt: 'A city of glass', aspectRatio: '1:1' },
    new: notOnNew('kling-v2-master', 'text-to-video'),
    legacy: {
      path: '/v1/videos/text2video',
      body: { model_name: 'kling-v2-master', prompt: 'A city of glass', aspect_ratio: '1:1', duration: '5' },
    },
  },
  {
    name: 'kling-v2-master image-to-video, 10 s, external id',
    request: { model: 'kling-v2-master', firstFrame: FIRST, duration: 10, externalTaskId: 'v2m-1' },
    new: notOnNew('kling-v2-master', 'image-to-video'),
    legacy: {
      path: '/v1/videos/image2video',
      body: { model_name: 'kling-v2-master', image: FIRST, duration: '10', external_task_id: 'v2m-1' },
    },
  },
  {
    name: 'kling-v1-6 text-to-video with cfg scale',
    request: { model: 'kling-v1-6', prompt: 'A cat on a windowsill', cfgScale: 0.7 },
    new: notOnNew('kling-v1-6', 'text-to-video'),
    legacy: {
      path: '/v1/videos/text2video',
      body: {
        model_name: 'kling-v1-6',
        mode: 'std',
        prompt: 'A cat on a windowsill',
        cfg_scale: 0.7,
        aspect_ratio: '16:9',
        duration: '5',
      },
    },
  },
  {
    name: 'kling-v1-6 image-to-video at 1080p, 10 s',
    request: { model: 'kling-v1-6', prompt: 'The cat yawns', firstFrame: FIRST, resolution: '1080p', duration: 10 },
    new: notOnNew('kling-v1-6', 'image-to-video'),
    legacy: {
      path: '/v1/videos/image2video',
      body: { model_name: 'kling-v1-6', mode: 'pro', prompt: 'The cat yawns', image: FIRST, duration: '10' },
    },
  },
  {
    name: 'kling-v1-6 multi-image to video with a callback',
    request: {
      model: 'kling-v1-6',
      prompt: 'The three friends meet at a cafe',
      images: [REF_1, REF_2, REF_3],
      aspectRatio: '9:16',
      callbackUrl: CALLBACK,
    },
    new: notOnNew('kling-v1-6', 'multi-image-to-video'),
    legacy: {
      path: '/v1/videos/multi-image2video',
      body: {
        model_name: 'kling-v1-6',
        mode: 'std',
        prompt: 'The three friends meet at a cafe',
        image_list: [{ image: REF_1 }, { image: REF_2 }, { image: REF_3 }],
        aspect_ratio: '9:16',
        duration: '5',
        callback_url: CALLBACK,
      },
    },
  },
  {
    name: 'kling-v1-6 video extend with an external id',
    request: { model: 'kling-v1-6', videoId: '860211114186612811', prompt: 'The camera keeps rising', externalTaskId: 'extend-1' },
    new: notOnNew('kling-v1-6', 'video-extend'),
    legacy: {
      path: '/v1/videos/video-extend',
      body: { video_id: '860211114186612811', prompt: 'The camera keeps rising', external_task_id: 'extend-1' },
    },
  },
];

const STANDARDS: Standard[] = ['new', 'legacy'];

function thrown(action: () => unknown): KlingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KlingError);
    return error as KlingError;
  }
  throw new Error('expected a KlingError, nothing was thrown');
}

describe('golden wire bodies', () => {
  for (const testCase of cases) {
    describe(testCase.name, () => {
      const encodable = STANDARDS.filter((standard) => typeof testCase[standard] !== 'string');

      it('is carried by exactly the standards that have a golden body', () => {
        expect(standardsFor(validate(testCase.request))).toEqual(encodable);
      });

      for (const standard of STANDARDS) {
        const golden = testCase[standard];
        if (typeof golden === 'string') {
          it(`fails on the ${standard} standard with a clear error`, () => {
            const valid = validate(testCase.request);
            const error = thrown(() => encode(valid, standard));
            expect(error.kind).toBe('invalid');
            expect(error.message).toBe(golden);
            expect(golden.startsWith(`${error.field}: `)).toBe(true);
          });
        } else {
          it(`encodes for the ${standard} standard`, () => {
            expect(encode(validate(testCase.request), standard)).toEqual({ standard, method: 'POST', ...golden });
          });
        }
      }
    });
  }
});

describe('catalog coverage', () => {
  const pairs = MODELS.flatMap((model) => productsOf(model).map((product) => ({ model, product })));

  it('knows the ten video models of the contract', () => {
    expect(MODELS.map((model) => model.id)).toEqual([
      'kling-3.0-turbo',
      'kling-3.0',
      'kling-3.0-omni',
      'kling-o1',
      'kling-2.6',
      'kling-2.5-turbo',
      'kling-v2-1-master',
      'kling-v2-1',
      'kling-v2-master',
      'kling-v1-6',
    ]);
  });

  it.each(pairs.map(({ model, product }) => [model.id, product]))(
    '%s %s has a golden request encoded for every standard that offers it',
    (modelId, product) => {
      const spec = findModel(modelId)!.products[product as Product]!;
      const full = cases.find((testCase) => {
        const valid = validate(testCase.request);
        const standards = STANDARDS.filter((standard) => typeof testCase[standard] !== 'string');
        return valid.model === modelId && valid.product === product && standards.join() === spec.standards.join();
      });
      expect(full, `no golden case covers ${modelId} ${product}`).toBeDefined();
    },
  );

  it('lists the standards of each model as kling-api.md §3 does', () => {
    const offered = Object.fromEntries(
      pairs.map(({ model, product }) => [`${model.id} ${product}`, model.products[product]!.standards.join('+')]),
    );
    expect(offered).toEqual({
      'kling-3.0-turbo text-to-video': 'new',
      'kling-3.0-turbo image-to-video': 'new',
      'kling-3.0 text-to-video': 'new+legacy',
      'kling-3.0 image-to-video': 'new+legacy',
      'kling-3.0 motion-control': 'new+legacy',
      'kling-3.0-omni omni-video': 'new+legacy',
      'kling-o1 omni-video': 'new+legacy',
      'kling-2.6 text-to-video': 'new+legacy',
      'kling-2.6 image-to-video': 'new+legacy',
      'kling-2.6 motion-control': 'new+legacy',
      'kling-2.5-turbo text-to-video': 'new+legacy',
      'kling-2.5-turbo image-to-video': 'new+legacy',
      'kling-v2-1-master text-to-video': 'legacy',
      'kling-v2-1-master image-to-video': 'legacy',
      'kling-v2-1 text-to-video': 'legacy',
      'kling-v2-1 image-to-video': 'legacy',
      'kling-v2-master text-to-video': 'legacy',
      'kling-v2-master image-to-video': 'legacy',
      'kling-v1-6 text-to-video': 'legacy',
      'kling-v1-6 image-to-video': 'legacy',
      'kling-v1-6 multi-image-to-video': 'legacy',
      'kling-v1-6 video-extend': 'legacy',
    });
  });
});
