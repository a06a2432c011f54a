export * from './catalog/index.js';
export { KlingError, type KlingErrorOptions } from './errors/kling-error.js';
export { KLING_CODES, codeInfo, type CodeInfo, type ErrorKind } from './errors/codes.js';
export { generationRequestSchema, type GenerationRequest } from './request/schema.js';
export { validate, inferProduct, type ValidRequest } from './request/validate.js';
export { checkImage, checkUrl, imageFacts, isUrl } from './request/image.js';
export { encode, encodeLegacy, encodeNewStandard, standardsFor, type WireRequest } from './encode/index.js';
export { estimate, USD_PER_UNIT, type Estimate } from './estimate.js';
