/** The two request styles Kling serves side by side (shared/kling-api.md §2). */
export type Standard = 'new' | 'legacy';

/** What a model can be asked to make. Names follow the new standard's path segments. */
export const PRODUCTS = [
  'text-to-video',
  'image-to-video',
  'omni-video',
  'motion-control',
  'multi-image-to-video',
  'video-extend',
] as const;
export type Product = (typeof PRODUCTS)[number];

export const RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const AUDIO_MODES = ['native', 'original', 'off'] as const;
export type AudioMode = (typeof AUDIO_MODES)[number];

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export type DurationRule =
  | { kind: 'range'; min: number; max: number; default: number }
  | { kind: 'set'; values: readonly number[]; default: number }
  /** No duration field: the output length follows an input (motion control, video extend). */
  | { kind: 'none' };

export interface AudioRule {
  /** Values the request may carry; empty when the product has no audio field. */
  values: readonly AudioMode[];
  default?: AudioMode;
  /** Audio is always generated and there is no field to turn it off (kling-3.0-turbo). */
  alwaysOn?: boolean;
  /** Native audio is only offered at these resolutions (kling-2.6: 1080p). */
  nativeNeeds?: readonly Resolution[];
}

export interface FrameRule {
  first: 'required' | 'optional' | 'none';
  last: 'optional' | 'none';
  /** First + last frame is only offered at these resolutions (kling-2.6, kling-2.5-turbo: 1080p). */
  firstAndLastNeed?: readonly Resolution[];
}

/** Everything about one product of one model. */
export interface ProductSpec {
  /** Standards that offer this product for this model. */
  standards: readonly Standard[];
  resolutions: readonly Resolution[];
  defaultResolution: Resolution;
  duration: DurationRule;
  audio: AudioRule;
  /** Aspect ratios accepted; empty when the frame or input decides. */
  aspectRatios: readonly AspectRatio[];
  defaultAspectRatio?: AspectRatio;
  /** Longest prompt in characters, per standard where they differ. */
  promptMax: number;
  promptRequired: boolean;
  frames: FrameRule;
  /** Elements (`element_id`s) the request may reference. */
  maxElements: number;
  /** Voice ids the request may use (they need audio). */
  maxVoices: number;
  /** Multi-shot prompts (shots written in the prompt on the new standard, `multi_prompt` on legacy). */
  multiShot?: { defaultOn: boolean; maxShots: number; maxShotPrompt: number };
  /** Omni: reference images, a reference video, and the count limits. */
  references?: {
    maxImagesWithoutVideo: number;
    maxImagesWithVideo: number;
    video: boolean;
    /** The durations allowed when the only input is a first frame, where they differ from `duration`. */
    durationsWithOnlyFirstFrame?: readonly number[];
  };
  /** Motion control: the reference video's length in seconds, per character orientation. */
  motionVideoSeconds?: { image: { min: number; max: number }; video: { min: number; max: number } };
  /** Multi-image to video: how many images. */
  images?: { min: number; max: number };
  /** `negative_prompt`: a legacy-standard field (requests carrying it go out on the legacy standard). */
  negativePrompt?: boolean;
  /** `cfg_scale`: a legacy-standard field of the older models. */
  cfgScale?: boolean;
}

/** One row of the price table (§8). Rows are matched in order; the first that fits is used. */
export interface PriceRow {
  variant: string;
  products: readonly Product[];
  /** Conditions on the request; absent means "any". */
  when?: {
    audio?: 'native' | 'not-native';
    voices?: boolean;
    videoInput?: boolean;
  };
  /** Units per second of requested (or, for motion control, output) duration. */
  perSecond?: Partial<Record<Resolution, number>>;
  /** Units per clip for the legacy per-clip price list: resolution → duration → units. */
  perClip?: Partial<Record<Resolution, Record<number, number>>>;
}

export interface ModelSpec {
  /** The id used everywhere in this project; the new standard's path id where one exists. */
  id: string;
  label: string;
  /** `model_name` on the legacy standard; absent when the model is new-standard only. */
  legacyName?: string;
  /** Typical seconds from submit to result for a 5 s 720p clip; drives poll scheduling. */
  typicalSeconds: number;
  products: Partial<Record<Product, ProductSpec>>;
  prices: readonly PriceRow[];
  /** Legacy `mode` values by resolution, where the model accepts them. */
  legacyModes?: Partial<Record<Resolution, 'std' | 'pro' | '4k'>>;
}
