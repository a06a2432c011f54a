import { describeKlingError } from './describe-error.js';
import type { Check } from './types.js';

const NAME = 'credentials';

/** Credentials are configured and Kling accepts them (one free read, nothing created). */
export const checkCredentials: Check = async (context) => {
  const auth = context.input.auth;
  if (!auth) {
    const problem = context.input.credentialsProblem;
    return { name: NAME, status: 'fail', detail: problem?.message ?? 'no credentials are configured', hint: problem?.hint };
  }
  if (context.clientError) {
    return {
      name: NAME,
      status: 'fail',
      detail: `the configuration is invalid: ${context.clientError.message}`,
      hint: context.clientError.hint,
    };
  }
  const kind = auth.type === 'apiKey' ? 'API key' : auth.type === 'accessKey' ? 'access key + secret key' : 'gateway token';
  const result = await context.credentials();
  if (!result.ok) {
    const { detail, hint } = describeKlingError(result.error);
    const refused = result.error.kind === 'auth' || result.error.kind === 'permission';
    const what = refused ? `${kind} refused` : `${kind} could not be checked`;
    return {
      name: NAME,
      status: 'fail',
      detail: `${what}: ${detail}`,
      hint,
      data: { type: auth.type, code: result.error.code, kind: result.error.kind },
    };
  }
  const scope =
    auth.type === 'accessKey'
      ? '; legacy endpoints and /account only (new-standard-only models such as kling-3.0-turbo need an API key)'
      : '';
  return { name: NAME, status: 'pass', detail: `${kind} accepted${scope}`, data: { type: auth.type } };
};
