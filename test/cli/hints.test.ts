import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { commandsIn, concrete, shellWords } from './command-lines.js';
import { bin, ensureBuilt, jsonOf, recordingCli, root, runCli, startSandboxCommand, type CliResult } from './helpers.js';

/*
 * Every command the CLI shows a person — in --help examples, in hints after an error, in "follow
 * it with" and "resume with" lines — is one the CLI accepts: each is collected from real runs of
 * the built CLI (and from the sources, for hints that are hard to provoke), its placeholders are
 * filled in as a person would, and it is parsed by the command it names, exactly as `run` would.
 */

const API_KEY = 'sk-cli-hints-5e0a7c';
const NAMES = Object.keys(COMMANDS);

let sandbox: Sandbox;
let dropping: Server;
let droppingUrl: string;
let env: Record<string, string>;
const { kling, outputs } = recordingCli(() => env);

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ timeScale: 0.01, apiKey: API_KEY, seed: 5 });
  env = { KLING_API_KEY: API_KEY, KLING_BASE_URL: sandbox.url };
  // Reads every request, then drops the connection: a create that may or may not have landed.
  dropping = createServer((socket) => socket.once('data', () => socket.destroy()));
  await new Promise<void>((listening) => dropping.listen(0, '127.0.0.1', listening));
  droppingUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
  await new Promise((closed) => dropping?.close(closed));
});

/** Parses a command line with the command it names; resolves to the error, or undefined when it is accepted. */
async function parseError(line: string): Promise<unknown> {
  const [program, name, ...args] = shellWords(line);
  if (program !== 'kling') return new Error(`not a kling command: ${line}`);
  if (name === '--version' || name === '--help' || name === '-V' || name === '-h')
    return args.length === 0 ? undefined : new Error(`${name} takes nothing after it`);
  if (name === undefined || !Object.hasOwn(COMMANDS, name)) return new Error(`unknown command ${name}`);
  const command = await (COMMANDS[name] as (typeof COMMANDS)[string]).load();
  try {
    command.parse(args);
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * The text of every string literal in a source file, as the program sees it. A template literal
 * with substitutions gives its fixed parts one by one, so a command built around a value (a
 * handle) is left to the runs above.
 */
function stringLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) texts.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

/** Runs the built CLI until it prints `until`, then interrupts it with Ctrl-C (SIGINT). */
function interrupted(args: string[], until: RegExp): Promise<CliResult> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    if (until.test(line)) child.kill('SIGINT');
  });
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('every command the CLI shows parses', () => {
  it('collects the commands shown by help, hints and follow-up lines in real runs', async () => {
    await kling(['--help']);
    for (const name of NAMES) await kling([name, '--help']);
    // Usage errors: each names the command's --help.
    for (const name of NAMES) await kling([name, '--frobnicate']);
    await kling(['task', 'kt1.n.t2v.821585738725658820', '--sandbox']);
    await kling(['generate']);
    // No credentials: each command says what to set, in its own terms.
    for (const args of [['generate', 'x'], ['task', 'kt1.n.t2v.821585738725658820'], ['doctor']])
      await kling(args, { replaceEnv: true, env: {} });
    // After a create: how to follow the task; a running task: how to wait; a stopped wait: how to resume.
    const created = await kling(['generate', 'a boat', '--no-wait']);
    expect(created.code, created.stderr).toBe(0);
    await runCli(['generate', 'a boat', '--no-wait', '--sandbox']).then((result) => outputs.push(result));
    sandbox.setTimeScale(100);
    try {
      const slow = jsonOf(await kling(['generate', 'a slow boat', '--no-wait', '--json']));
      await kling(['task', slow.handle]);
      await kling(['generate', 'a slow boat', '--timeout', '1ms']);
      outputs.push(await interrupted(['generate', 'an interrupted boat'], /^Created /));
    } finally {
      sandbox.setTimeScale(0.01);
    }
    // A create whose reply was lost: the task may exist, and the hint says how to find it.
    const lost = await kling(['generate', 'a lost boat'], { env: { KLING_BASE_URL: droppingUrl } });
    expect(lost.code).toBe(7);
    expect(lost.stderr).toMatch(/look it up with `kling task --external-id kling-[\w-]+`/);
    // The standalone sandbox's banner.
    const standalone = await startSandboxCommand(['--port', '0', '--quiet']);
    await standalone.stop();
    outputs.push({ code: 0, stdout: standalone.lines.join('\n'), stderr: '' });
    outputs.push(await runCli(['sandbox', '--port', 'eighty']));

    const shown = new Set(outputs.flatMap((output) => [...commandsIn(output.stdout), ...commandsIn(output.stderr)]));
    const lines = [...shown].flatMap((command) => concrete(command, NAMES));
    expect(lines.length).toBeGreaterThanOrEqual(20);
    for (const expected of [
      /^kling task --external-id kling-/,
      /^kling task kt1\.\S+ --wait --out out\.mp4$/,
      /^kling task kt1\.\S+ --wait$/,
      /^kling sandbox$/,
      /^kling generate .* --sandbox/,
      /^kling doctor --help$/,
    ]) {
      expect(
        lines.some((line) => expected.test(line)),
        `a command like ${expected}`,
      ).toBe(true);
    }
    const refused = [];
    for (const line of lines) {
      const error = await parseError(line);
      if (error !== undefined) refused.push(`${line}\n    → ${(error as Error).message}`);
    }
    expect(refused, `commands shown that the CLI refuses:\n${refused.join('\n')}`).toEqual([]);
  }, 180_000);

  it('the hints written in the sources parse too (some are hard to provoke, such as a download that times out)', async () => {
    const sources = readdirSync(join(root, 'cli')).filter((file) => file.endsWith('.ts'));
    const written = sources.flatMap((file) => stringLiterals(join(root, 'cli', file)).flatMap(commandsIn));
    expect(written).toContain('kling task <handle> --out <file.mp4>');
    expect(written.length).toBeGreaterThanOrEqual(8);
    const refused = [];
    for (const line of written.flatMap((command) => concrete(command, NAMES))) {
      const error = await parseError(line);
      if (error !== undefined) refused.push(`${line} → ${(error as Error).message}`);
    }
    expect(refused).toEqual([]);
  });

  it("an option a message suggests for its own command is one of that command's options (kling task suggested --sandbox)", async () => {
    const withoutCredentials: [string, string[]][] = [
      ['generate', ['generate', 'x']],
      ['task', ['task', 'kt1.n.t2v.821585738725658820']],
      ['task', ['task', '--external-id', 'job-42']],
      ['doctor', ['doctor']],
    ];
    for (const [name, args] of withoutCredentials) {
      const result = await kling(args, { replaceEnv: true, env: {} });
      // Options inside a quoted command belong to that command; the others are suggested for this one.
      const suggested = (result.stdout + result.stderr).replace(/`[^`]*`/g, '').match(/--[a-z][\w-]*/g) ?? [];
      const command = await (COMMANDS[name] as (typeof COMMANDS)[string]).load();
      for (const option of suggested) {
        const unknown = [[option], [option, 'value']].every((args) => {
          try {
            command.parse(args);
            return false;
          } catch (error) {
            return /^unknown option/.test((error as Error).message);
          }
        });
        expect(unknown, `kling ${name} suggests ${option}, which it refuses`).toBe(false);
      }
    }
  });

  it('no output names a library call instead of a command (getTask, wait, create)', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(20);
    for (const output of outputs) {
      const text = output.stdout + output.stderr;
      expect(text).not.toMatch(/\bgetTask(ByExternalId)?\b|\bclient\.\w+|\bwait\(|\bcreate\(/);
      // Node's own wording for unknown options suggests `--` and ends with an unbalanced quote.
      expect(text).not.toContain('To specify a positional argument');
    }
  });
});
