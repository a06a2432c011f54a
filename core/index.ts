/*
 * The engine's public surface, for every door (the n8n nodes included): named exports only, and
 * nothing here reaches for Node-only APIs. Node-only conveniences (files, the environment, the
 * doctor, the Node platform, Redis) are in `core/node.ts`.
 */
export {
  ASPECT_RATIOS,
  AUDIO_MODES,
  MODEL_IDS,
  MODELS,
  PRODUCTS,
  RESOLUTIONS,
  LEGACY_PRODUCT_PATHS,
  findModel,
  modelIdsWhere,
  offeredWhere,
  productFromLegacySegment,
  productsOf,
  typicalGenerationSeconds,
  type AspectRatio,
  type AudioMode,
  type DurationRule,
  type ModelSpec,
  type PriceRow,
  type Product,
  type ProductSpec,
  type Resolution,
  type Standard,
} from './catalog/index.js';
export { KlingError, type KlingErrorOptions } from './errors/kling-error.js';
export { Redactor } from './errors/redact.js';
export { KLING_CODES, codeInfo, type CodeInfo, type ErrorKind } from './errors/codes.js';
export { generationRequestSchema, type GenerationRequest } from './request/schema.js';
export { validate, type ValidRequest } from './request/validate.js';
export { displayValue } from './request/display.js';
export { checkImage, checkUrl, imageProblem, isUrl, MAX_IMAGE_BYTES } from './request/image.js';
export { encode, standardsFor, type WireRequest } from './encode/index.js';
export { decodeCreate, type CreateOnTheWire } from './decode/index.js';
export { estimate, usdOf, USD_PER_UNIT, type Estimate } from './estimate.js';
export { KlingClient, type CallbackOutcome, type CallOptions, type CreateOptions, type CreateResult } from './client/kling-client.js';
export { sharedClient, closeSharedClients } from './client/shared-clients.js';
export { clientConfigSchema, REGION_BASE_URLS, type ClientConfig, type ClientConfigInput, type Logger } from './client/config.js';
export { paysForVideo, type AccountSummary, type ResourcePack } from './client/account.js';
export type { CredentialCheck } from './client/verify-credentials.js';
export type { BudgetRule } from './guards/budget.js';
export type { WaitResult, WaitOptions, Progress } from './tracking/tracker.js';
export type { MetricsSnapshot } from './observability/metrics.js';
export { Metrics } from './observability/metrics.js';
export { ClientEventEmitter, type RequestEvent } from './observability/events.js';
export { renderFamily, renderPrometheus, type MetricFamily } from './observability/prometheus.js';
export { TIME_SCALE_HEADER } from './transport/http-transport.js';
export { isFinal, type Task, type TaskStatus, type TaskVideo } from './task/types.js';
export { encodeHandle, parseTaskRef, type TaskRef } from './task/handle.js';
export { normalizeRecord } from './task/normalize.js';
export { verifyWebhookSignature, signWebhook, type WebhookHeaders, type SignatureCheck } from './callbacks/verify-signature.js';
export { parseCallbackBody } from './callbacks/parse.js';
export { CallbackDeduper } from './callbacks/dedupe.js';
export { createCallbackIngester, type CallbackIngester, type IngestResult } from './callbacks/ingest.js';
export { WEBHOOK_SECRET_FORMAT } from './callbacks/secret-format.js';
export { NoReplyError, type Cancel, type HttpReply, type HttpRequest, type NoReplyReason, type Platform } from './platform/platform.js';
export { nodeCrypto } from './platform/node-crypto.js';
export { memoryState } from './state/memory/memory-state.js';
export type { StateContext, StateFactory, StateStores } from './state/state.js';
export type { PoolStats, SlotStore } from './state/slot-store.js';
export type { PendingCreate, TaskStore, TrackedTask } from './state/task-store.js';
export type { EventBus } from './state/event-bus.js';
export type { BudgetLedger, Reservation } from './state/budget-ledger.js';
