export { verifyWebhookSignature, signWebhook, type WebhookHeaders, type SignatureCheck, type VerifyOptions } from './verify-signature.js';
export { parseCallbackBody, type ParsedCallback } from './parse.js';
export { CallbackDeduper, type CallbackDeduperOptions } from './dedupe.js';
export { createCallbackIngester, type CallbackIngester, type CallbackIngesterOptions, type IngestResult } from './ingest.js';
