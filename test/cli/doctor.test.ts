import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ensureBuilt, expectNoSecretIn, jsonOf, recordingCli, scratchDir, type CliResult } from './helpers.js';

const API_KEY = 'sk-cli-doctor-51b7e2a9c4';
const ACCESS_KEY = 'ak-cli-doctor-0c3d';
const SECRET_KEY = 'sk-secret-cli-doctor-8e6f1a2b';
// 32 random-looking bytes, Standard Webhooks format.
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8vJVzPz5VdQ=';
const ALL_SECRETS = [API_KEY, SECRET_KEY, WEBHOOK_SECRET, WEBHOOK_SECRET.slice('whsec_'.length)];

let sandbox: Sandbox;
let env: Record<string, string>;
const { kling, outputs } = recordingCli(() => env);

function doctor(args: string[], options: Parameters<typeof kling>[1] = {}): Promise<CliResult> {
  return kling(['doctor', ...args], options);
}

interface CheckJson {
  name: string;
  status: string;
  detail: string;
  hint?: string;
  data?: Record<string, number>;
}

function check(report: { checks: CheckJson[] }, name: string): CheckJson {
  const found = report.checks.find((entry) => entry.name === name);
  if (!found) throw new Error(`no check named ${name} in ${JSON.stringify(report.checks.map((entry) => entry.name))}`);
  return found;
}

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({
    timeScale: 0.01,
    apiKey: API_KEY,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
  });
  env = {
    KLING_API_KEY: API_KEY,
    KLING_BASE_URL: sandbox.url,
    KLING_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // The sandbox itself answers any path: a reachable receiver for the check.
    KLING_CALLBACK_URL: `${sandbox.url}/hooks/kling`,
  };
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

/** The api check warns when the machine is slow (median round trip over 1.5 s): a speed, not a defect. */
function passesOrSlow(entry: CheckJson): boolean {
  return entry.status === 'pass' || (entry.name === 'api' && entry.status === 'warn' && entry.detail.endsWith(': slow'));
}

describe('kling doctor (built CLI against the sandbox)', () => {
  it('passes every check on good settings (exit 0), one line each', async () => {
    const result = await doctor([]);
    expect(result.code, result.stdout).toBe(0);
    for (const name of ['credentials', 'clock', 'packs', 'concurrency', 'webhook secret', 'callback URL']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}PASS {2}${name} `, 'm'));
    }
    expect(result.stdout).toMatch(/^ {2}(PASS|WARN) {2}api /m);
    expect(result.stdout).toMatch(/^Result: ready(, with warnings)? \(0 failed, [01] warned, [67] passed\)$/m);
  });

  it('--json: the same report for machines', async () => {
    const result = await doctor(['--json']);
    expect(result.code).toBe(0);
    const report = jsonOf(result);
    expect(report).toMatchObject({ ok: true, baseUrl: sandbox.url, sources: ['environment'] });
    expect(report.checks).toHaveLength(7);
    for (const entry of report.checks) expect(passesOrSlow(entry), JSON.stringify(entry)).toBe(true);
    expect(check(report, 'packs').detail).toMatch(/^10000 video units left in 1 pack; the soonest expires in \d+ days$/);
    expect(check(report, 'api')).toMatchObject({ data: { medianMs: expect.any(Number) } });
  });

  it('access key + secret key pass too, with the legacy-only note', async () => {
    const report = jsonOf(
      await doctor(['--json'], { env: { KLING_API_KEY: '', KLING_ACCESS_KEY: ACCESS_KEY, KLING_SECRET_KEY: SECRET_KEY } }),
    );
    expect(report.ok).toBe(true);
    for (const entry of report.checks) expect(passesOrSlow(entry), JSON.stringify(entry)).toBe(true);
    expect(check(report, 'credentials').detail).toContain('access key + secret key accepted; legacy endpoints');
  });

  it('fails on a bad key (exit 1) with the Kling code and what to do', async () => {
    const result = await doctor([], { env: { KLING_API_KEY: 'sk-wrong-key-00000000' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}credentials +API key refused: Kling 10\d\d \(/m);
    expect(result.stdout).toMatch(/→ Check the API key/);
    expect(result.stdout).toMatch(/^Result: not ready/m);
    expect(result.stdout).not.toContain('sk-wrong-key-00000000');
  });

  it('fails with no credentials, naming the variables to set', async () => {
    const result = await doctor(['--json'], { env: { KLING_BASE_URL: sandbox.url }, replaceEnv: true });
    expect(result.code).toBe(1);
    const credentials = check(jsonOf(result), 'credentials');
    expect(credentials.status).toBe('fail');
    expect(credentials.detail).toContain('KLING_API_KEY');
  });

  it('fails on a skewed clock: 10 minutes off the API', async () => {
    sandbox.setClockSkew(10 * 60_000);
    try {
      const result = await doctor(['--json']);
      expect(result.code).toBe(1);
      const clock = check(jsonOf(result), 'clock');
      expect(clock.status).toBe('fail');
      expect(clock.detail).toMatch(/clock is about \d+\.\d s behind the API's: signed callbacks are refused as stale/);
      // The Date header has whole seconds: the measured skew is within a second of the one set.
      expect(Math.abs((clock.data?.skewMs ?? 0) - 600_000)).toBeLessThanOrEqual(1_000);
    } finally {
      sandbox.setClockSkew(0);
    }
  });

  it('two minutes ahead: fails with access keys (1003), only warns with an API key', async () => {
    sandbox.setClockSkew(-120_000);
    try {
      const jwt = await doctor(['--json'], { env: { KLING_API_KEY: '', KLING_ACCESS_KEY: ACCESS_KEY, KLING_SECRET_KEY: SECRET_KEY } });
      expect(jwt.code).toBe(1);
      const jwtReport = jsonOf(jwt);
      expect(check(jwtReport, 'clock').detail).toMatch(/ahead of the API's: access-key tokens are refused as not yet valid \(1003\)/);
      expect(check(jwtReport, 'credentials').status).toBe('fail');

      const key = await doctor(['--json']);
      expect(key.code).toBe(0);
      const keyReport = jsonOf(key);
      expect(keyReport.status).toBe('warn');
      expect(check(keyReport, 'clock').status).toBe('warn');
      expect((await doctor(['--strict'])).code).toBe(1);
    } finally {
      sandbox.setClockSkew(0);
    }
  });

  it('fails on an exhausted pack', async () => {
    sandbox.setAccount('default', { units: 0 });
    try {
      const result = await doctor(['--json']);
      expect(result.code).toBe(1);
      const report = jsonOf(result);
      expect(check(report, 'packs')).toMatchObject({ status: 'fail', data: { remainingUnits: 0 } });
      expect(check(report, 'packs').detail).toContain('creates are refused with 1102');
      expect(check(report, 'concurrency').status).toBe('skip');
      const human = await doctor([]);
      expect(human.stdout).toMatch(/^ {2}FAIL {2}packs +no video pack can pay/m);
    } finally {
      sandbox.setAccount('default', { units: 10_000 });
    }
  });

  it('warns when the configured concurrency is above what a trial pack allows', async () => {
    const report = jsonOf(await doctor(['--json'], { env: { KLING_CONCURRENCY: 'kling-3.0=3,kling-2.6=12' } }));
    expect(check(report, 'concurrency')).toMatchObject({ status: 'warn', data: { configured: 12, packFloor: 5 } });
  });

  it('fails on a malformed webhook secret without printing it', async () => {
    const bad = 'whsec_c2hvcnQ=';
    const result = await doctor([], { env: { KLING_WEBHOOK_SECRET: `${WEBHOOK_SECRET},${bad}` } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}webhook secret +secret 2 decodes to 5 bytes/m);
    expect(result.stdout).not.toContain('c2hvcnQ');
  });

  it('fails when the callback URL does not answer; warns when there is no secret to verify it', async () => {
    const unreachable = jsonOf(await doctor(['--json'], { env: { KLING_CALLBACK_URL: 'http://127.0.0.1:1/kling' } }));
    expect(check(unreachable, 'callback URL')).toMatchObject({ status: 'fail' });
    expect(check(unreachable, 'callback URL').detail).toMatch(/unreachable from here: .*ECONNREFUSED/);
    const unsigned = jsonOf(await doctor(['--json'], { env: { KLING_WEBHOOK_SECRET: '' } }));
    expect(check(unsigned, 'webhook secret').status).toBe('warn');
  });

  it('fails when the API cannot be reached', async () => {
    const report = jsonOf(await doctor(['--json', '--timeout', '3'], { env: { KLING_BASE_URL: 'http://127.0.0.1:1' } }));
    expect(report.status).toBe('fail');
    expect(check(report, 'api').detail).toContain('unreachable');
    expect(check(report, 'clock').status).toBe('skip');
  });

  it('reads a config file, and warns when other users can read the key in it', async () => {
    const home = scratchDir();
    const file = join(home, '.config', 'kling', 'config.json');
    mkdirSync(join(home, '.config', 'kling'), { recursive: true });
    writeFileSync(file, JSON.stringify({ apiKey: API_KEY, baseUrl: sandbox.url, concurrency: 3 }));
    chmodSync(file, 0o644);
    const open = jsonOf(await doctor(['--json'], { env: {}, replaceEnv: true, cwd: home }));
    expect(open.sources).toEqual([file]);
    expect(check(open, 'credentials').status).toBe('pass');
    expect(check(open, 'concurrency').detail).toMatch(/^3 tasks at once/);
    expect(check(open, 'config file')).toMatchObject({ status: 'warn', hint: `chmod 600 ${file}` });
    chmodSync(file, 0o600);
    const closed = await doctor([], { env: {}, replaceEnv: true, cwd: home });
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(/^ {2}PASS {2}config file/m);
  });

  it('--config names another file; a broken one is a usage error that quotes nothing from it', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'kling.json'), `{"apiKey": "${API_KEY}", oops}`);
    const broken = await doctor(['--config', 'kling.json'], { env: {}, replaceEnv: true, cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: --config kling\.json: not valid JSON \(at position \d+\)$/m);
    writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ apiKey: API_KEY, colour: 'blue' }));
    const unknown = await doctor(['--config', 'unknown.json'], { env: {}, replaceEnv: true, cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown key colour');
  });

  it('--sandbox checks an embedded sandbox', async () => {
    const result = await doctor(['--sandbox'], { env: {}, replaceEnv: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/settings from embedded sandbox/);
  });

  it('never prints a key or a webhook secret', () => {
    expectNoSecretIn(outputs, ALL_SECRETS, 16);
  });
});
