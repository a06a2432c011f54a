import { productFromLegacySegment } from '../../core/catalog/index.js';
import type { Product } from '../../core/catalog/types.js';
import { decodeCreate } from '../decode/index.js';
import { jsonBody } from '../http/body.js';
import { klingData, type HandlerContext, type Reply } from '../http/types.js';
import { legacyCreateReply } from '../records/legacy.js';
import { newStandardCreateReply } from '../records/new-standard.js';
import { createTask } from '../tasks/create-task.js';

/** `POST /<product>/<model>`: a new-standard create. */
export function createNewStandard(context: HandlerContext): Reply {
  const valid = decodeCreate({
    standard: 'new',
    product: context.params.product as Product,
    model: context.params.model,
    body: jsonBody(context.body),
  });
  const task = createTask(context.engine, context.caller!.account, valid, 'new');
  return klingData(newStandardCreateReply(task));
}

/** `POST /v1/videos/<product>`: a legacy create, the model in `model_name`. */
export function createLegacy(context: HandlerContext): Reply {
  const product = productFromLegacySegment(context.params.segment ?? '') as Product;
  const valid = decodeCreate({ standard: 'legacy', product, body: jsonBody(context.body) });
  const task = createTask(context.engine, context.caller!.account, valid, 'legacy');
  return klingData(legacyCreateReply(task, context.engine.baseUrl));
}
