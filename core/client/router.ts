import type { Product, Standard } from '../catalog/types.js';
import { standardsFor } from '../encode/index.js';
import { KlingError } from '../errors/kling-error.js';
import type { ValidRequest } from '../request/validate.js';
import type { ClientConfig } from './config.js';

/**
 * Picks the standard for a create. API key: the new standard where the model has the product,
 * legacy otherwise. Access key + secret key: legacy (the only style that accepts the JWT).
 * Gateway: the standard it is configured for. An explicit preference wins where it can.
 */
export function chooseStandard(config: ClientConfig, request: ValidRequest): Standard {
  const possible = standardsFor(request);
  const describe = `${request.model} ${request.product}`;
  const fixed: Standard | undefined =
    config.auth.type === 'accessKey'
      ? 'legacy'
      : config.auth.type === 'gateway'
        ? config.auth.standard
        : config.standard === 'auto'
          ? undefined
          : config.standard;
  if (fixed) {
    if (possible.includes(fixed)) return fixed;
    const why =
      config.auth.type === 'accessKey'
        ? 'access key + secret key only work on the legacy standard; use an API key for this model'
        : `it is only offered on the ${possible.join(' and ')} standard`;
    throw new KlingError({
      kind: 'invalid',
      field: 'model',
      message: `model: ${describe} cannot be sent on the ${fixed} standard (${why})`,
      hint: 'Choose another model, or other credentials.',
    });
  }
  const chosen = possible.includes('new') ? 'new' : possible[0];
  if (!chosen) throw KlingError.invalid('model', `${describe} has no standard that can express this request`);
  return chosen;
}

/** How a task can be read with these credentials. */
export type ReadRoute = { via: 'tasks' } | { via: 'legacy'; product: Product } | { via: 'probe' };

export function readRoute(config: ClientConfig, known: { standard?: Standard; product?: Product }): ReadRoute {
  // With an API key `/tasks` reads every task, whichever standard created it, and batches 20 at once.
  if (config.auth.type === 'apiKey') return { via: 'tasks' };
  if (config.auth.type === 'gateway' && config.auth.standard === 'new') return { via: 'tasks' };
  if (known.product) return { via: 'legacy', product: known.product };
  return { via: 'probe' };
}
