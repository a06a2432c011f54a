import type { SandboxClock } from '../clock/clock.js';
import { ControlError, parseControl } from '../control/control-error.js';
import { streamFor } from '../random/prng.js';
import { accountSettingsSchema, type Account, type AccountSettings } from './account.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AccountDefaults {
  units: number;
  concurrency: number;
}

/** Every simulated account, findable by id, API key or access key. */
export class Accounts {
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly seed: number,
    private readonly clock: SandboxClock,
    private readonly defaults: AccountDefaults,
  ) {}

  /** Creates the account or changes the given settings of an existing one. */
  set(id: string, input: AccountSettings): Account {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new ControlError(`account id '${id}' is not allowed (letters, digits, _ . -)`);
    const settings = parseControl(accountSettingsSchema, input, `account ${id}`);
    this.checkCredentialsFree(id, settings);
    const account = this.accounts.get(id) ?? this.create(id);
    if (settings.apiKeys) account.apiKeys = new Set(settings.apiKeys);
    if (settings.keyPairs) account.keyPairs = new Map(settings.keyPairs.map((pair) => [pair.accessKey, pair.secretKey]));
    if (settings.units !== undefined) {
      account.totalUnits = settings.units;
      account.remainingUnits = settings.units;
    }
    if (settings.concurrency !== undefined) account.concurrency = settings.concurrency;
    if (settings.concurrencyByModel) account.concurrencyByModel = { ...settings.concurrencyByModel };
    if (settings.deniedModels) account.deniedModels = new Set(settings.deniedModels);
    if (settings.webhookSecret !== undefined) account.webhookSecret = settings.webhookSecret ?? undefined;
    if (settings.faults) account.faults = { ...settings.faults };
    return account;
  }

  get(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  byApiKey(key: string): Account | undefined {
    for (const account of this.accounts.values()) if (account.apiKeys.has(key)) return account;
    return undefined;
  }

  /** The account and secret key of an access key. */
  byAccessKey(accessKey: string): { account: Account; secretKey: string } | undefined {
    for (const account of this.accounts.values()) {
      const secretKey = account.keyPairs.get(accessKey);
      if (secretKey !== undefined) return { account, secretKey };
    }
    return undefined;
  }

  all(): Account[] {
    return [...this.accounts.values()];
  }

  private create(id: string): Account {
    const now = this.clock.now();
    const packRandom = streamFor(this.seed, `pack:${id}`);
    const packId = Array.from({ length: 32 }, () => Math.floor(packRandom() * 16).toString(16)).join('');
    const account: Account = {
      id,
      apiKeys: new Set(),
      keyPairs: new Map(),
      totalUnits: this.defaults.units,
      remainingUnits: this.defaults.units,
      concurrency: this.defaults.concurrency,
      concurrencyByModel: {},
      deniedModels: new Set(),
      webhookSecret: undefined,
      faults: {},
      pack: { id: packId, purchasedAt: now - DAY_MS, expiresAt: now + 365 * DAY_MS },
      faultRandom: streamFor(this.seed, `faults:${id}`),
      failureRandom: streamFor(this.seed, `failures:${id}`),
    };
    this.accounts.set(id, account);
    return account;
  }

  private checkCredentialsFree(id: string, settings: AccountSettings): void {
    for (const other of this.accounts.values()) {
      if (other.id === id) continue;
      if (settings.apiKeys?.some((key) => other.apiKeys.has(key))) {
        throw new ControlError(`account ${id}: an API key is already used by account ${other.id}`);
      }
      if (settings.keyPairs?.some((pair) => other.keyPairs.has(pair.accessKey))) {
        throw new ControlError(`account ${id}: an access key is already used by account ${other.id}`);
      }
    }
  }
}
