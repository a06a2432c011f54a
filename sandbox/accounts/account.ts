import { z } from 'zod';
import { WEBHOOK_SECRET_FORMAT } from '../../core/callbacks/secret-format.js';
import { faultsSchema, type Faults } from '../faults/faults.js';
import type { Random } from '../random/prng.js';

export const DEFAULT_ACCOUNT = 'default';

/** What the control API and `startSandbox` accept to create or change an account. */
export const accountSettingsSchema = z
  .object({
    /** API keys of the account (replaces the list). */
    apiKeys: z.array(z.string().min(1)).optional(),
    /** Access key + secret key pairs for HS256 JWTs (replaces the list). */
    keyPairs: z.array(z.object({ accessKey: z.string().min(1), secretKey: z.string().min(1) }).strict()).optional(),
    /** Resource-pack units; setting it refills the pack to this total. */
    units: z.number().min(0).optional(),
    /** Tasks that may run at once per model version (a trial pack allows 5). */
    concurrency: z.number().int().min(1).optional(),
    /** Per-model overrides of `concurrency`, by catalog model id. */
    concurrencyByModel: z.record(z.string(), z.number().int().min(1)).optional(),
    /** Signs callbacks (Standard Webhooks) when set; null removes it. */
    webhookSecret: z.string().regex(WEBHOOK_SECRET_FORMAT, 'must look like whsec_<base64>').nullable().optional(),
    /** Catalog model ids this account may not use: creates answer 403/1103 (replaces the list). */
    deniedModels: z.array(z.string()).optional(),
    faults: faultsSchema.optional(),
  })
  .strict();

export type AccountSettings = z.infer<typeof accountSettingsSchema>;

/** One simulated Kling account: credentials, its resource pack, limits and injected faults. */
export interface Account {
  id: string;
  apiKeys: Set<string>;
  /** access key → secret key */
  keyPairs: Map<string, string>;
  totalUnits: number;
  remainingUnits: number;
  concurrency: number;
  concurrencyByModel: Record<string, number>;
  deniedModels: Set<string>;
  webhookSecret: string | undefined;
  faults: Faults;
  pack: { id: string; purchasedAt: number; expiresAt: number };
  /** Draws for request faults (latency, error replies, drops). */
  faultRandom: Random;
  /** Draws for generation failures (`faults.taskFailure`). */
  failureRandom: Random;
}

/** What the control API shows of an account: never a secret. */
export interface AccountInfo {
  id: string;
  apiKeyCount: number;
  accessKeys: string[];
  totalUnits: number;
  remainingUnits: number;
  concurrency: number;
  concurrencyByModel: Record<string, number>;
  deniedModels: string[];
  signsCallbacks: boolean;
  faults: Faults;
}

export function accountInfo(account: Account): AccountInfo {
  return {
    id: account.id,
    apiKeyCount: account.apiKeys.size,
    accessKeys: [...account.keyPairs.keys()],
    totalUnits: account.totalUnits,
    remainingUnits: account.remainingUnits,
    concurrency: account.concurrency,
    concurrencyByModel: { ...account.concurrencyByModel },
    deniedModels: [...account.deniedModels],
    signsCallbacks: account.webhookSecret !== undefined,
    faults: { ...account.faults },
  };
}

/** The concurrency limit of an account for one model version. */
export function concurrencyLimit(account: Account, model: string): number {
  return account.concurrencyByModel[model] ?? account.concurrency;
}
