import { LEGACY_PRODUCT_PATHS, PRODUCTS } from '../../core/catalog/index.js';
import { accountCosts } from '../handlers/account-costs.js';
import { createLegacy, createNewStandard } from '../handlers/create.js';
import { serveVideo } from '../handlers/file.js';
import { listLegacyTasks, readLegacyTask } from '../handlers/legacy-reads.js';
import { listTasks } from '../handlers/tasks-list.js';
import { queryTasks } from '../handlers/tasks-query.js';
import type { Route } from './types.js';

const products = PRODUCTS.join('|');
const legacySegments = Object.values(LEGACY_PRODUCT_PATHS).join('|');

/** Kling's endpoints (both standards, account) and the file route for result videos. */
export const KLING_ROUTES: readonly Route[] = [
  {
    name: 'POST /{product}/{model}',
    method: 'POST',
    pattern: new RegExp(`^/(?<product>${products})/(?<model>[^/]+)$`),
    kind: 'kling',
    auth: 'api-key',
    create: true,
    handle: createNewStandard,
  },
  { name: 'GET /tasks', method: 'GET', pattern: /^\/tasks$/, kind: 'kling', auth: 'api-key', handle: queryTasks },
  { name: 'POST /tasks', method: 'POST', pattern: /^\/tasks$/, kind: 'kling', auth: 'api-key', handle: listTasks },
  {
    name: 'POST /v1/videos/{product}',
    method: 'POST',
    pattern: new RegExp(`^/v1/videos/(?<segment>${legacySegments})$`),
    kind: 'kling',
    auth: 'api-key-or-jwt',
    create: true,
    handle: createLegacy,
  },
  {
    name: 'GET /v1/videos/{product}',
    method: 'GET',
    pattern: new RegExp(`^/v1/videos/(?<segment>${legacySegments})$`),
    kind: 'kling',
    auth: 'api-key-or-jwt',
    handle: listLegacyTasks,
  },
  {
    name: 'GET /v1/videos/{product}/{id}',
    method: 'GET',
    pattern: new RegExp(`^/v1/videos/(?<segment>${legacySegments})/(?<id>[^/]+)$`),
    kind: 'kling',
    auth: 'api-key-or-jwt',
    handle: readLegacyTask,
  },
  { name: 'GET /account/costs', method: 'GET', pattern: /^\/account\/costs$/, kind: 'kling', auth: 'api-key-or-jwt', handle: accountCosts },
  { name: 'GET /files/{file}', method: 'GET', pattern: /^\/files\/(?<file>[^/]+)$/, kind: 'file', handle: serveVideo },
];
