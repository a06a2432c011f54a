import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { KlingAi } from '../../nodes/KlingAi/KlingAi.node.js';
import { generationRequestFrom } from '../../nodes/KlingAi/helpers/generation-request.js';
import { executeContext } from './support/n8n-context.js';

const node = new KlingAi();
// Reading the fields needs no network: a credential that points nowhere proves it.
const offline = { authentication: 'apiKey', apiKey: 'unused', region: 'custom', baseUrl: 'http://127.0.0.1:9' } as const;

/** The GenerationRequest the Generate operation builds from these parameters (defaults resolved as n8n does). */
function requestFrom(parameters: INodeParameters, items?: INodeExecutionData[]) {
  const context = executeContext(node, {
    parameters: { resource: 'video', operation: 'generate', ...parameters },
    items,
    credentials: offline,
  });
  return generationRequestFrom(context, 0);
}

describe('Generate fields → GenerationRequest', () => {
  it('image to video: trimmed first and last frame URLs', async () => {
    expect(
      await requestFrom({
        model: 'kling-3.0',
        product: 'image-to-video',
        firstFrameSource: 'url',
        firstFrameUrl: ' https://example.com/first.png ',
        lastFrameSource: 'url',
        lastFrameUrl: 'https://example.com/last.png',
      }),
    ).toEqual({
      model: 'kling-3.0',
      product: 'image-to-video',
      firstFrame: 'https://example.com/first.png',
      lastFrame: 'https://example.com/last.png',
      resolution: '720p',
      duration: 5,
      audio: 'off',
    });
  });

  it('a first frame from a binary property is sent as Base64; an optional last frame left at None is not sent', async () => {
    const image = Buffer.from('not really a png, only bytes');
    const request = await requestFrom(
      { model: 'kling-3.0', product: 'image-to-video', firstFrameSource: 'binary', firstFrameBinaryProperty: 'photo' },
      [{ json: {}, binary: { photo: { data: image.toString('base64'), mimeType: 'image/png' } } }],
    );
    expect(request.firstFrame).toBe(image.toString('base64'));
    expect(request.lastFrame).toBeUndefined();
  });

  it('omni video: reference images split on commas and new lines, and the reference video with its use', async () => {
    const request = await requestFrom({
      model: 'kling-3.0-omni',
      product: 'omni-video',
      prompt: '@image_1 meets @image_2',
      referenceImageUrls: 'https://example.com/1.png,\n https://example.com/2.png, ',
      referenceVideoUrl: 'https://example.com/v.mp4',
      referenceVideoRefer: 'base',
    });
    expect(request).toMatchObject({
      model: 'kling-3.0-omni',
      product: 'omni-video',
      prompt: '@image_1 meets @image_2',
      referenceImages: ['https://example.com/1.png', 'https://example.com/2.png'],
      referenceVideo: { url: 'https://example.com/v.mp4', refer: 'base' },
    });
  });

  it('motion control: character image, motion video and orientation', async () => {
    expect(
      await requestFrom({
        model: 'kling-3.0',
        product: 'motion-control',
        characterImageSource: 'url',
        characterImageUrl: 'https://example.com/character.png',
        motionVideoUrl: 'https://example.com/dance.mp4',
        characterOrientation: 'video',
      }),
    ).toEqual({
      model: 'kling-3.0',
      product: 'motion-control',
      characterImage: 'https://example.com/character.png',
      motionVideo: 'https://example.com/dance.mp4',
      characterOrientation: 'video',
      resolution: '720p',
      audio: 'off',
    });
  });

  it('multi-image to video and video extend read their own fields', async () => {
    expect(
      await requestFrom({
        model: 'kling-v1-6',
        product: 'multi-image-to-video',
        prompt: 'x',
        imageUrls: 'https://example.com/1.png, https://example.com/2.png',
      }),
    ).toMatchObject({ product: 'multi-image-to-video', images: ['https://example.com/1.png', 'https://example.com/2.png'] });
    expect(await requestFrom({ model: 'kling-v1-6', product: 'video-extend', videoId: ' 860211114186612811 ' })).toEqual({
      model: 'kling-v1-6',
      product: 'video-extend',
      videoId: '860211114186612811',
    });
  });

  it('never sends a value left over from another model or product', async () => {
    const request = await requestFrom({
      model: 'kling-3.0-turbo',
      product: 'text-to-video',
      prompt: 'a kite',
      firstFrameSource: 'url',
      firstFrameUrl: 'https://example.com/left-over.png',
      imageUrls: 'https://example.com/left-over.png',
      videoId: '860211114186612811',
      motionVideoUrl: 'https://example.com/left-over.mp4',
      referenceImageUrls: 'https://example.com/left-over.png',
    });
    expect(
      Object.keys(request)
        .filter((key) => request[key as keyof typeof request] !== undefined)
        .sort(),
    ).toEqual(['aspectRatio', 'duration', 'model', 'product', 'prompt', 'resolution']);
  });

  it('the Options collection: trimmed texts, elements with aliases, voices, flags and ids, for the models that take them', async () => {
    const options = {
      negativePrompt: ' blur ',
      elementIds: '123456:hero, 789012',
      voiceIds: 'v1,\nv2',
      callbackUrl: ' https://n8n.example/webhook/kling ',
      externalTaskId: 'order-17',
      watermark: true,
      multiShot: false,
      cfgScale: 0.3,
      motionVideoSeconds: 0,
    };
    const common = { callbackUrl: 'https://n8n.example/webhook/kling', externalTaskId: 'order-17', watermark: true };
    const legacy = await requestFrom({ model: 'kling-v1-6', product: 'text-to-video', prompt: ' a kite ', options });
    expect(legacy).toMatchObject({ ...common, prompt: 'a kite', negativePrompt: 'blur', cfgScale: 0.3 });
    expect(legacy).not.toHaveProperty('elements');

    const elements = await requestFrom({
      model: 'kling-3.0',
      product: 'image-to-video',
      firstFrameUrl: 'https://example.com/a.png',
      options,
    });
    expect(elements).toMatchObject({
      ...common,
      negativePrompt: 'blur',
      elements: [{ id: '123456', alias: 'hero' }, { id: '789012' }],
      multiShot: false,
    });
    expect(elements).not.toHaveProperty('cfgScale');

    const voices = await requestFrom({
      model: 'kling-2.6',
      product: 'image-to-video',
      firstFrameUrl: 'https://example.com/a.png',
      options,
    });
    expect(voices).toMatchObject({ ...common, voices: ['v1', 'v2'] });
    // 0 is the "not set" value of the motion video length.
    expect(voices).not.toHaveProperty('motionVideoSeconds');
  });

  it('sends no option left over from another model (Kling 3.0 Turbo takes none of the model-specific ones)', async () => {
    const request = await requestFrom({
      model: 'kling-3.0-turbo',
      product: 'text-to-video',
      prompt: 'a kite',
      options: {
        negativePrompt: 'blur',
        elementIds: '1',
        voiceIds: 'v1',
        multiShot: true,
        cfgScale: 0.3,
        motionVideoSeconds: 5,
        externalTaskId: 'x-1',
      },
    });
    expect(
      Object.keys(request)
        .filter((key) => request[key as keyof typeof request] !== undefined)
        .sort(),
    ).toEqual(['aspectRatio', 'duration', 'externalTaskId', 'model', 'product', 'prompt', 'resolution']);
  });
});
