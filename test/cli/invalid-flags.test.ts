import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { jpeg, png } from '../unit/images.js';
import { ensureBuilt, jsonOf, runCli, scratchDir, type CliResult } from './helpers.js';

/*
 * The command-line half of "invalid inputs are refused, and none reaches the sandbox": each line
 * below is a mistake a person can make, with the flag (or argument) its message must name. The
 * CLI points at a live sandbox with a valid key, so anything not refused up front would reach it.
 */

const API_KEY = 'sk-cli-invalid-6b21f0';

const CASES: [string[], string][] = [
  // generate: --duration
  [['generate', 'x', '--duration', '0x5'], '--duration'],
  [['generate', 'x', '--duration', '1e1'], '--duration'],
  [['generate', 'x', '--duration', '-5'], '--duration'],
  [['generate', 'x', '--duration', ''], '--duration'],
  [['generate', 'x', '--duration', 'five'], '--duration'],
  [['generate', 'x', '--duration', 'Infinity'], '--duration'],
  [['generate', 'x', '--duration', '99'], '--duration'],
  [['generate', 'x', '--duration', '2'], '--duration'],
  [['generate', 'x', '--model', 'kling-2.6', '--duration', '7'], '--duration'],
  [['generate', 'x', '--model', 'kling-2.6', '--duration', '5.5'], '--duration'],
  [['generate', 'x', '--duration'], '--duration'],
  // generate: --model, --product, --resolution, --audio, --aspect
  [['generate', 'x', '--model', 'kling-9'], '--model'],
  [['generate', 'x', '--model', ''], '--model'],
  [['generate', 'x', '--model'], '--model'],
  [['generate', 'x', '--product', 'painting'], '--product'],
  [['generate', 'x', '--product', ''], '--product'],
  [['generate', 'x', '--model', 'kling-3.0-turbo', '--resolution', '4k'], '--resolution'],
  [['generate', 'x', '--resolution', '480p'], '--resolution'],
  [['generate', 'x', '--resolution', ''], '--resolution'],
  [['generate', 'x', '--audio', 'loud'], '--audio'],
  [['generate', 'x', '--model', 'kling-2.5-turbo', '--audio', 'native'], '--audio'],
  [['generate', 'x', '--aspect', '4:3'], '--aspect'],
  [['generate', 'x', '--aspect', 'square'], '--aspect'],
  [['generate', 'x', '--model', 'kling-3.0-turbo', '--negative-prompt', 'blur'], '--negative-prompt'],
  // generate: images
  [['generate', 'x', '--image', 'missing.png'], '--image'],
  [['generate', 'x', '--image', 'frames'], '--image'],
  [['generate', 'x', '--image', 'fake.png'], '--image'],
  [['generate', 'x', '--image', 'small.png'], '--image'],
  [['generate', 'x', '--image', 'wide.png'], '--image'],
  [['generate', 'x', '--image', 'tall.jpg'], '--image'],
  [['generate', 'x', '--image', ''], '--image'],
  [['generate', 'x', '--image', 'ftp://example.com/a.png'], '--image'],
  [['generate', 'x', '--image', 'data:image/gif;base64,R0lGODlh'], '--image'],
  [['generate', 'x', '--image', 'good.png', '--end-image', 'missing.png'], '--end-image'],
  [['generate', 'x', '--image', 'good.png', '--end-image', 'fake.png'], '--end-image'],
  [['generate', 'x', '--image', 'good.png', '--end-image', 'small.png'], '--end-image'],
  [['generate', 'x', '--image', 'good.png', '--end-image', 'frames'], '--end-image'],
  // generate: ids and URLs
  [['generate', 'x', '--external-id', ''], '--external-id'],
  [['generate', 'x', '--external-id', 'has space'], '--external-id'],
  [['generate', 'x', '--external-id', 'x'.repeat(129)], '--external-id'],
  [['generate', 'x', '--external-id', 'job,1'], '--external-id'],
  [['generate', 'x', '--external-id'], '--external-id'],
  [['generate', 'x', '--callback-url', 'ftp://example.com/hook'], '--callback-url'],
  [['generate', 'x', '--callback-url', 'not a url'], '--callback-url'],
  [['generate', 'x', '--callback-url', ''], '--callback-url'],
  // generate: waiting and budget
  [['generate', 'x', '--timeout', '0'], '--timeout'],
  [['generate', 'x', '--timeout', '1e309'], '--timeout'],
  [['generate', 'x', '--timeout', 'forever'], '--timeout'],
  [['generate', 'x', '--timeout', '25h'], '--timeout'],
  [['generate', 'x', '--timeout', '-1'], '--timeout'],
  [['generate', 'x', '--timeout', '5x'], '--timeout'],
  [['generate', 'x', '--max-units', '0'], '--max-units'],
  [['generate', 'x', '--max-units', '-3'], '--max-units'],
  [['generate', 'x', '--max-units', '0x10'], '--max-units'],
  [['generate', 'x', '--max-units', 'lots'], '--max-units'],
  [['generate', 'x', '--max-units', '1e3'], '--max-units'],
  // generate: the command line itself
  [['generate', 'x', '--out'], '--out'],
  [['generate', 'x', '--json=yes'], '--json'],
  [['generate', 'x', '--watermark=no'], '--watermark'],
  [['generate', 'x', '--no-wait=1'], '--no-wait'],
  [['generate', 'x', '--sandbox=yes'], '--sandbox'],
  [['generate', 'x', '--frobnicate'], '--frobnicate'],
  [['generate', 'x', '-z'], '-z'],
  [['generate', 'x', '--config', 'missing.json'], '--config'],
  [['generate', 'x', '--config', 'broken.json'], '--config'],
  [['generate', 'x', '--config', 'unknown-key.json'], '--config'],
  [['generate'], 'prompt'],
  [['generate', ''], 'prompt'],
  [['generate', 'p'.repeat(3073)], 'prompt'],
  // task
  [['task'], '--external-id'],
  [['task', 'a', 'b'], 'handle'],
  [['task', ''], 'handle'],
  [['task', '--external-id', ''], '--external-id'],
  [['task', '--external-id', ' '], '--external-id'],
  [['task', '--external-id', 'has space'], '--external-id'],
  [['task', '--external-id', 'a,b'], '--external-id'],
  [['task', '--external-id', 'job/1'], '--external-id'],
  [['task', 'kt1.n.t2v.1', '--external-id', 'job-1'], '--external-id'],
  [['task', 'kt1.n.t2v.1', '--product', 'painting'], '--product'],
  [['task', 'kt1.n.t2v.1', '--timeout', '0'], '--timeout'],
  [['task', 'kt1.n.t2v.1', '--timeout', '1e309'], '--timeout'],
  [['task', 'kt1.n.t2v.1', '--wait=1'], '--wait'],
  [['task', 'kt1.n.t2v.1', '--sandbox'], '--sandbox'],
  [['task', 'kt1.n.t2v.1', '--frobnicate'], '--frobnicate'],
  [['task', 'kt1.n.t2v.1', '--out'], '--out'],
  [['task', 'kt1.n.t2v.1', '--config', 'missing.json'], '--config'],
  // doctor
  [['doctor', '--timeout', '1e309'], '--timeout'],
  [['doctor', '--timeout', '0'], '--timeout'],
  [['doctor', '--timeout', '-1'], '--timeout'],
  [['doctor', '--timeout', '0x10'], '--timeout'],
  [['doctor', '--timeout', '4000'], '--timeout'],
  [['doctor', 'now'], 'now'],
  [['doctor', '--strict=1'], '--strict'],
  [['doctor', '--config', 'broken.json'], '--config'],
  // estimate and sandbox (no network of their own, the same rules)
  [['estimate', 'x', '--duration', '0x5'], '--duration'],
  [['estimate', 'x', '--image', 'frames'], '--image'],
  [['sandbox', '--port', '0x50'], '--port'],
  [['sandbox', '--port', '70000'], '--port'],
  [['sandbox', '--time-scale', '0'], '--time-scale'],
  [['sandbox', '--seed', '1.5'], '--seed'],
  [['sandbox', '--concurrency', '0'], '--concurrency'],
  [['sandbox', '--webhook-secret', 'nope'], '--webhook-secret'],
  [['sandbox', '--access-key', 'a'], '--access-key'],
  [['sandbox', '--units', '-1'], '--units'],
];

let sandbox: Sandbox;
const dir = scratchDir();
const results = new Map<string, CliResult>();

/** Runs every case, a few at a time. */
async function runAll(env: Record<string, string>): Promise<void> {
  const queue = [...CASES];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      results.set(JSON.stringify(next[0]), await runCli(next[0], { env, cwd: dir }));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

beforeAll(async () => {
  await ensureBuilt();
  writeFileSync(join(dir, 'fake.png'), 'just text');
  writeFileSync(join(dir, 'small.png'), png(200, 200));
  writeFileSync(join(dir, 'wide.png'), png(1000, 300));
  writeFileSync(join(dir, 'tall.jpg'), jpeg(300, 1000));
  writeFileSync(join(dir, 'good.png'), png(640, 360));
  mkdirSync(join(dir, 'frames'));
  writeFileSync(join(dir, 'broken.json'), '{ "apiKey": ');
  writeFileSync(join(dir, 'unknown-key.json'), JSON.stringify({ apiKey: API_KEY, colour: 'blue' }), { mode: 0o600 });
  sandbox = await startSandbox({ timeScale: 0.01, apiKey: API_KEY });
  await runAll({ KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url });
}, 600_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe(`${CASES.length} invalid command lines`, () => {
  it('are all different, and there are at least 80', () => {
    expect(new Set(CASES.map(([args]) => JSON.stringify(args))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });

  const rows = CASES.map(([args, named]) => ({
    args,
    named,
    shown: args.map((arg) => (arg.length > 40 ? `${arg.slice(0, 12)}…(${arg.length} characters)` : JSON.stringify(arg))).join(' '),
  }));
  it.each(rows)('kling $shown exits 2 naming $named', ({ args, named }) => {
    const result = results.get(JSON.stringify(args)) as CliResult;
    expect(result.code, result.stderr).toBe(2);
    const message = /^error: (.*)$/m.exec(result.stderr)?.[1] ?? '';
    expect(message, result.stderr).toContain(named);
    expect(result.stdout).toBe('');
  });

  it('and none of them reached the sandbox: no request, no task', () => {
    const stats = sandbox.stats();
    expect(stats.requests.total).toBe(0);
    expect(stats.tasks.total).toBe(0);
  });

  it('with --json each is one error document naming the same flag or argument', async () => {
    const sample = CASES.filter((_, index) => index % 9 === 0 && !CASES[index]?.[0].includes('sandbox'));
    for (const [args, named] of sample) {
      const result = await runCli([...args.filter((arg) => !arg.startsWith('--json')), '--json'], {
        env: { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url },
        cwd: dir,
      });
      expect(result.code, args.join(' ')).toBe(2);
      const error = jsonOf(result).error;
      expect(`${error.field ?? ''} ${error.message}`, args.join(' ')).toContain(named);
    }
    expect(sandbox.stats().requests.total).toBe(0);
  });
});
