import { WEBHOOK_SECRET_FORMAT } from '../callbacks/secret-format.js';
import type { Check } from './types.js';

const NAME = 'webhook secret';

/** Standard Webhooks secrets are 24 to 64 random bytes. */
const MIN_BYTES = 24;
const MAX_BYTES = 64;

/** What is wrong with a secret's format, or undefined when it is fine. Never repeats the secret. */
export function secretProblem(secret: string): string | undefined {
  const match = WEBHOOK_SECRET_FORMAT.exec(secret.trim());
  if (!match) return "does not look like whsec_<base64> (copy it whole from the Kling console, 'whsec_' included)";
  const bytes = Buffer.from(match[1] as string, 'base64').length;
  if (bytes < MIN_BYTES || bytes > MAX_BYTES) return `decodes to ${bytes} bytes (a webhook secret has ${MIN_BYTES} to ${MAX_BYTES})`;
  return undefined;
}

/** The callback signing secrets look right, and there is one when callbacks are configured. */
export const checkWebhookSecret: Check = async (context) => {
  const secrets = context.input.options.webhookSecrets ?? [];
  const callbackUrl = context.input.options.callbackUrl;
  const data = { secrets: secrets.length };
  if (secrets.length === 0) {
    if (!callbackUrl)
      return { name: NAME, status: 'pass', detail: 'none configured (no callback URL either: tasks are followed by polling)', data };
    return {
      name: NAME,
      status: 'warn',
      detail: 'a callback URL is set but no webhook secret: callbacks cannot be verified',
      hint: 'Create a webhook secret in the Kling console and set KLING_WEBHOOK_SECRET, so forged callbacks are refused.',
      data,
    };
  }
  const problems = secrets.map((secret, index) => ({ index: index + 1, problem: secretProblem(secret) })).filter((entry) => entry.problem);
  if (problems.length > 0) {
    return {
      name: NAME,
      status: 'fail',
      detail: problems.map((entry) => `secret ${entry.index} ${entry.problem}`).join('; '),
      hint: 'Set KLING_WEBHOOK_SECRET to the whsec_… value from the Kling console (several separated by commas during a rotation).',
      data,
    };
  }
  return {
    name: NAME,
    status: 'pass',
    detail: `${secrets.length} secret${secrets.length === 1 ? '' : 's'} in whsec_<base64> format`,
    data,
  };
};
