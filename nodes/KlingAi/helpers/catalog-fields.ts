import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { type AudioMode, MODELS, type ModelSpec, type Product, PRODUCTS, productsOf, type ProductSpec } from '../../../core/index.js';

/**
 * The Generate and Estimate fields, generated from the model catalog: every option list, default
 * and limit comes from there, and each field is shown only for the models and products that have
 * it. n8n allows several parameters of one name when at most one of them is shown at a time.
 */

export const PRODUCT_LABELS: Record<Product, { name: string; description: string }> = {
  'text-to-video': { name: 'Text to Video', description: 'A video from a prompt' },
  'image-to-video': { name: 'Image to Video', description: 'Animate an image (first frame, optionally a last frame)' },
  'omni-video': { name: 'Omni Video', description: 'From reference images, a reference video, frames and a prompt' },
  'motion-control': { name: 'Motion Control', description: 'A character image performs the motion of a video' },
  'multi-image-to-video': { name: 'Multi-Image to Video', description: 'A video from 1 to 4 images' },
  'video-extend': { name: 'Video Extend', description: 'Continue a generated video by a few seconds' },
};

const AUDIO_LABELS: Record<AudioMode, string> = {
  native: 'Native (Generated Sound)',
  original: 'Original (Keep the Reference Video Sound)',
  off: 'Off',
};

/** The operations that build a generation request from these fields. */
export const REQUEST_OPERATIONS = ['generate', 'estimate'];
const ON = { resource: ['video'], operation: REQUEST_OPERATIONS };

type Field = Omit<INodeProperties, 'displayOptions'>;

/**
 * One parameter per product and per group of models whose field is identical; `build` returns
 * undefined where the model has no such field for that product.
 */
function perModel(build: (spec: ProductSpec, product: Product, model: ModelSpec) => Field | undefined): INodeProperties[] {
  const properties: INodeProperties[] = [];
  for (const product of PRODUCTS) {
    const groups = new Map<string, { field: Field; models: string[] }>();
    for (const model of MODELS) {
      const spec = model.products[product];
      const field = spec && build(spec, product, model);
      if (!field) continue;
      const key = JSON.stringify(field);
      const group = groups.get(key) ?? { field, models: [] };
      group.models.push(model.id);
      groups.set(key, group);
    }
    for (const { field, models } of groups.values()) {
      properties.push(shownFor(field, { ...ON, product: [product], model: models }));
    }
  }
  return properties;
}

function shownFor(field: Field, show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties {
  return Object.assign({}, field, { displayOptions: { show } }) as INodeProperties;
}

/** Products (from the catalog) for which `test` holds on at least one model. */
function productsWhere(test: (spec: ProductSpec, product: Product) => boolean): Product[] {
  return PRODUCTS.filter((product) => MODELS.some((model) => model.products[product] && test(model.products[product], product)));
}

/** Where a field applies: the models and products to show it for. */
export interface CatalogShow {
  models: string[];
  products: Product[];
}

/**
 * The `show` conditions (model and product) for a field that `test` says a model's product takes.
 * One condition when the models and products form a rectangle (every chosen model offering a
 * chosen product takes the field); otherwise one per group of products taken by the same models.
 */
export function catalogShows(test: (spec: ProductSpec, product: Product) => boolean): CatalogShow[] {
  const takes = (model: ModelSpec, product: Product) => model.products[product] !== undefined && test(model.products[product], product);
  const perProduct = PRODUCTS.map((product) => ({ product, models: MODELS.filter((model) => takes(model, product)) })).filter(
    (entry) => entry.models.length > 0,
  );
  const models = MODELS.filter((model) => perProduct.some((entry) => entry.models.includes(model)));
  const products = perProduct.map((entry) => entry.product);
  const rectangle = models.every((model) => products.every((product) => model.products[product] === undefined || takes(model, product)));
  if (rectangle) return products.length === 0 ? [] : [{ models: models.map((model) => model.id), products }];
  const groups = new Map<string, CatalogShow>();
  for (const entry of perProduct) {
    const ids = entry.models.map((model) => model.id);
    const group = groups.get(ids.join()) ?? { models: ids, products: [] };
    group.products.push(entry.product);
    groups.set(ids.join(), group);
  }
  return [...groups.values()];
}

function modelDescription(model: ModelSpec): string {
  const products = productsOf(model).map((product) => PRODUCT_LABELS[product].name.toLowerCase());
  const resolutions = [...new Set(productsOf(model).flatMap((product) => model.products[product]?.resolutions ?? []))];
  return `${products.join(', ')} · ${resolutions.join(', ')}`;
}

const DEFAULT_MODEL = MODELS[0]?.id ?? '';

const modelField: INodeProperties = {
  displayName: 'Model',
  name: 'model',
  type: 'options',
  options: MODELS.map((model) => ({ name: model.label, value: model.id, description: modelDescription(model) })),
  default: DEFAULT_MODEL,
  description: 'The Kling model. The fields below change with what the model offers.',
  displayOptions: { show: ON },
};

/** The product choice, per group of models offering the same products. */
function productFields(): INodeProperties[] {
  const groups = new Map<string, string[]>();
  for (const model of MODELS) {
    const key = productsOf(model).join(',');
    groups.set(key, [...(groups.get(key) ?? []), model.id]);
  }
  return [...groups.entries()].map(([key, models]) => {
    const products = key.split(',') as Product[];
    const first = products[0] ?? 'text-to-video';
    return {
      displayName: 'Type',
      name: 'product',
      type: 'options',
      noDataExpression: true,
      options: products.map((product) => ({
        name: PRODUCT_LABELS[product].name,
        value: product,
        description: PRODUCT_LABELS[product].description,
      })),
      default: first,
      description: 'What to make',
      displayOptions: { show: { ...ON, model: models } },
    } satisfies INodeProperties;
  });
}

const promptFields = perModel((spec) => ({
  displayName: 'Prompt',
  name: 'prompt',
  type: 'string',
  typeOptions: { rows: 4 },
  required: spec.promptRequired,
  default: '',
  placeholder: 'e.g. A red fox runs through fresh snow at dawn, slow motion',
  description: `What the video shows (at most ${spec.promptMax} characters)${spec.multiShot ? '. Multi-shot: write "shot 1, 2, words; shot 2, 3, words;" with seconds adding up to the duration.' : ''}`,
}));

type Need = 'required' | 'optional' | undefined;

/**
 * An image input: where it comes from (a URL, or a binary property of the input item), shown for
 * the models and products where `need` says the image is taken.
 */
function imageFields(
  key: string,
  label: string,
  description: string,
  need: (spec: ProductSpec, product: Product) => Need,
): INodeProperties[] {
  const sources = (optional: boolean): INodePropertyOptions[] => [
    ...(optional ? [{ name: 'None', value: 'none' }] : []),
    { name: 'URL', value: 'url', description: 'An http(s) URL Kling can download' },
    { name: 'Binary Property', value: 'binary', description: 'An image (JPEG or PNG) in a binary property of the input item' },
  ];
  const sourceFields = perModel((spec, product) => {
    const taken = need(spec, product);
    if (taken === undefined) return undefined;
    const source = taken === 'optional' ? 'none' : 'url';
    return {
      displayName: `${label} Source`,
      name: `${key}Source`,
      type: 'options',
      options: sources(taken === 'optional'),
      default: source,
      description: taken === 'optional' ? `${description} (optional)` : description,
    };
  });
  const products = productsWhere((spec, product) => need(spec, product) !== undefined);
  const models = MODELS.filter((model) =>
    products.some((product) => model.products[product] && need(model.products[product], product)),
  ).map((m) => m.id);
  const show = { ...ON, product: products, model: models };
  return [
    ...sourceFields,
    {
      displayName: `${label} URL`,
      name: `${key}Url`,
      type: 'string',
      required: true,
      default: '',
      placeholder: 'https://example.com/image.png',
      displayOptions: { show: { ...show, [`${key}Source`]: ['url'] } },
    },
    {
      displayName: `${label} Binary Property`,
      name: `${key}BinaryProperty`,
      type: 'string',
      required: true,
      default: 'data',
      description: 'Name of the binary property holding the image (JPEG or PNG, at least 300 px a side)',
      displayOptions: { show: { ...show, [`${key}Source`]: ['binary'] } },
    },
  ];
}

const frameFields = [
  ...imageFields('firstFrame', 'First Frame', 'The image the video starts from', (spec) =>
    spec.frames.first === 'none' ? undefined : spec.frames.first,
  ),
  ...imageFields('lastFrame', 'Last Frame', 'The image the video ends on', (spec) =>
    spec.frames.last === 'optional' ? 'optional' : undefined,
  ),
];

function omniFields(): INodeProperties[] {
  const products = productsWhere((spec) => spec.references !== undefined);
  if (products.length === 0) return [];
  const show = { ...ON, product: products };
  return [
    {
      displayName: 'Reference Image URLs',
      name: 'referenceImageUrls',
      type: 'string',
      default: '',
      placeholder: 'https://example.com/a.png, https://example.com/b.png',
      description: 'Image URLs, separated by commas or new lines; the prompt refers to them as @image_1, @image_2, …',
      displayOptions: { show },
    },
    {
      displayName: 'Reference Video URL',
      name: 'referenceVideoUrl',
      type: 'string',
      default: '',
      description: 'Optional video the prompt refers to as @video_1',
      displayOptions: { show },
    },
    {
      displayName: 'Reference Video Use',
      name: 'referenceVideoRefer',
      type: 'options',
      options: [
        { name: 'Feature (Borrow Style or Motion)', value: 'feature' },
        { name: 'Base (Edit This Video)', value: 'base' },
      ],
      default: 'feature',
      displayOptions: { show },
    },
  ];
}

function motionFields(): INodeProperties[] {
  const products = productsWhere((_spec, product) => product === 'motion-control');
  if (products.length === 0) return [];
  const show = { ...ON, product: products };
  return [
    ...imageFields('characterImage', 'Character Image', 'The character that performs the motion', (_spec, product) =>
      product === 'motion-control' ? 'required' : undefined,
    ),
    {
      displayName: 'Motion Video URL',
      name: 'motionVideoUrl',
      type: 'string',
      required: true,
      default: '',
      description: 'The video whose motion is copied (3 s or longer)',
      displayOptions: { show },
    },
    {
      displayName: 'Character Orientation',
      name: 'characterOrientation',
      type: 'options',
      options: [
        { name: 'Follow the Image (Motion Video up to 10 Seconds)', value: 'image' },
        { name: 'Follow the Video (Motion Video up to 30 Seconds)', value: 'video' },
      ],
      default: 'image',
      displayOptions: { show },
    },
  ];
}

function multiImageFields(): INodeProperties[] {
  return perModel((spec) =>
    spec.images
      ? {
          displayName: 'Image URLs',
          name: 'imageUrls',
          type: 'string',
          required: true,
          default: '',
          description: `${spec.images.min} to ${spec.images.max} image URLs, separated by commas or new lines`,
        }
      : undefined,
  );
}

function extendFields(): INodeProperties[] {
  return perModel((_spec, product) =>
    product === 'video-extend'
      ? {
          displayName: 'Video ID',
          name: 'videoId',
          type: 'string',
          required: true,
          default: '',
          description: 'The ID of a generated video (a video ID from a finished task, not the task ID)',
        }
      : undefined,
  );
}

const resolutionFields = perModel((spec) => {
  if (spec.resolutions.length < 2) return undefined;
  const resolution = spec.defaultResolution;
  return {
    displayName: 'Resolution',
    name: 'resolution',
    type: 'options',
    options: spec.resolutions.map((value) => ({ name: value, value })),
    default: resolution,
  };
});

const durationFields = perModel((spec) => {
  const rule = spec.duration;
  if (rule.kind === 'none') return undefined;
  const seconds = rule.default;
  if (rule.kind === 'set') {
    return {
      displayName: 'Duration (Seconds)',
      name: 'duration',
      type: 'options',
      options: rule.values.map((value) => ({ name: `${value} s`, value })),
      default: seconds,
    };
  }
  return {
    displayName: 'Duration (Seconds)',
    name: 'duration',
    type: 'number',
    typeOptions: { minValue: rule.min, maxValue: rule.max, numberPrecision: 0 },
    default: seconds,
    description: `Whole seconds, ${rule.min} to ${rule.max}`,
  };
});

const audioFields = perModel((spec) => {
  if (spec.audio.values.length === 0) return undefined;
  const audio = spec.audio.default ?? spec.audio.values[0] ?? 'off';
  return {
    displayName: 'Audio',
    name: 'audio',
    type: 'options',
    options: spec.audio.values.map((value) => ({ name: AUDIO_LABELS[value], value })),
    default: audio,
    description: spec.audio.nativeNeeds ? `Native audio needs ${spec.audio.nativeNeeds.join(' or ')}` : 'Sound of the video',
  };
});

const aspectRatioFields = perModel((spec) => {
  if (spec.aspectRatios.length === 0) return undefined;
  const ratio = spec.defaultAspectRatio ?? spec.aspectRatios[0] ?? '16:9';
  return {
    displayName: 'Aspect Ratio',
    name: 'aspectRatio',
    type: 'options',
    options: spec.aspectRatios.map((value) => ({ name: value, value })),
    default: ratio,
  };
});

/** All request fields in the order the editor shows them. */
export const requestFields: INodeProperties[] = [
  modelField,
  ...productFields(),
  ...promptFields,
  ...frameFields,
  ...omniFields(),
  ...motionFields(),
  ...multiImageFields(),
  ...extendFields(),
  ...resolutionFields,
  ...durationFields,
  ...audioFields,
  ...aspectRatioFields,
];
