import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  unlinkSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ROOT } from '../../scripts/ensure-build.js';
import { codeBlocks, codeSpans, proseOnly } from './markdown.js';

/*
 * The README's first screen: what a newcomer reads before the first link into the reference pages.
 * It stays short, and no command in it goes unrun: each one is run here, as written, in a fresh
 * copy of the repository (no dist/, no build/, an empty home), or is named below with the test or
 * CI step that runs it.
 */
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
const FIRST_REFERENCE_LINK = README.findIndex((line) => /\]\((docs\/|nodes\/README\.md)/.test(line));
const SCREEN = README.slice(0, FIRST_REFERENCE_LINK);
const MAX_LINES = 60;
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** How a command of the first screen is run. */
type Check =
  /** Here, as written, in the fresh copy. */
  | { how: 'here' }
  /** Here, in the fresh copy, with a sandbox's URL and demo key as the environment the prose asks for. */
  | { how: 'here with a key' }
  /** `claude mcp add <name> -- <command>`: Claude Code is not installed here, so the server command after `--` is started with the official MCP client, as Claude Code would. */
  | { how: 'server started here' }
  /** By a test or CI step elsewhere: `file` must contain `contains`. */
  | { how: 'elsewhere'; file: string; contains: string; why: string }
  /** A form of a command run here (the published name in place of the tarball, or a placeholder for its path). */
  | { how: 'form of'; command: string };

const MCP_SERVER = `npx -y --package "$PWD/build/packages/kling-mcp-${version}.tgz" kling-mcp`;

const COMMANDS: Record<string, Check> = {
  'npm install': {
    how: 'elsewhere',
    file: '.ci/run',
    contains: 'npm ci',
    why: 'CI installs the clean clone from the lock file; the copy here links that install',
  },
  'npm run demo': { how: 'here' },
  'TGZ=$(npm run --silent pack:n8n | tail -n 1)': { how: 'here' },
  'mkdir -p ~/.n8n/nodes && npm install --prefix ~/.n8n/nodes --omit=peer "$TGZ"': { how: 'here' },
  'npm run pack': { how: 'here' },
  [`claude mcp add kling -- ${MCP_SERVER} --sandbox`]: { how: 'server started here' },
  'npx kling --version': { how: 'here' },
  'npx kling generate "a paper boat on a river" --sandbox --out boat.mp4': { how: 'here' },
  'npx kling doctor': { how: 'here with a key' },
  'npx -y kling-mcp': { how: 'form of', command: MCP_SERVER },
  'npx -y --package <tarball> kling-mcp': { how: 'form of', command: MCP_SERVER },
  'npm install -g kling-mcp': {
    how: 'elsewhere',
    file: 'test/package/kling-mcp-package.test.ts',
    contains: 'installs with its two commands',
    why: 'the kling-mcp tarball installed as a user installs it, both commands run',
  },
};

const SHELL_BLOCK = new Set(['sh', 'bash', 'shell', 'console', '']);
/** A code span that is a command line (a program and its arguments), not just a name such as `kling-mcp`. */
const COMMAND_SPAN = /^(npm|npx|kling|kling-mcp|node|docker|mkdir|cd|claude|git|curl|bash|sh|export) \S/;

/** The shell blocks of the first screen, each as its commands (comments dropped, continued lines joined). */
function shellBlocks(): string[][] {
  return codeBlocks(SCREEN)
    .filter((block) => SHELL_BLOCK.has(block.lang))
    .map((block) =>
      block.lines
        .join('\n')
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((line) => line.replace(/(^|\s+)#(\s.*)?$/, '').trim())
        .filter((line) => line !== ''),
    );
}

/** Commands quoted in the first screen's prose. */
function proseCommands(): string[] {
  return codeSpans(proseOnly(SCREEN).join('\n')).filter((span) => COMMAND_SPAN.test(span));
}

describe("the README's first screen", () => {
  it(`has at most ${MAX_LINES} lines before the first link into the reference pages`, () => {
    expect(FIRST_REFERENCE_LINK, 'README.md links docs/ (or nodes/README.md)').toBeGreaterThan(0);
    expect(SCREEN.length).toBeLessThanOrEqual(MAX_LINES);
  });

  it('names three quick starts: n8n, an MCP client, the terminal', () => {
    const quickStarts = SCREEN.filter((line) => line.startsWith('### ')).map((line) => line.slice(4));
    expect(quickStarts).toEqual(['n8n', 'MCP client', 'Terminal']);
    expect(SCREEN.join('\n'), 'it says plainly that the packages are not published').toMatch(/Neither package is on the npm registry yet/);
  });

  it('runs every command it shows, here or in a named test or CI step', () => {
    const shown = [...shellBlocks().flat(), ...proseCommands()];
    expect(
      shown.filter((command) => !(command in COMMANDS)),
      'commands with no way to run them: add each to COMMANDS and run it',
    ).toEqual([]);
    expect(
      Object.keys(COMMANDS).filter((command) => !shown.includes(command)),
      'COMMANDS no longer in the first screen',
    ).toEqual([]);
    const runHere = Object.entries(COMMANDS)
      .filter(([, check]) => check.how === 'here' || check.how === 'server started here')
      .map(([command]) => command);
    for (const [command, check] of Object.entries(COMMANDS)) {
      if (check.how === 'elsewhere')
        expect(readFileSync(path.join(ROOT, check.file), 'utf8'), `${command}: ${check.why}`).toContain(check.contains);
      if (check.how === 'form of')
        expect(
          runHere.some((run) => run.includes(check.command)),
          `${command} is a form of a command run here`,
        ).toBe(true);
    }
  });
});

describe("the first screen's commands, in a fresh copy of the repository", () => {
  let copy: string;
  let home: string;
  let env: Record<string, string>;

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'kling-first-screen-'));
    home = mkdtempSync(path.join(tmpdir(), 'kling-first-screen-home-'));
    // What a clone holds: the tracked files (and new ones not ignored), none of dist/ or build/.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).split('\0');
    for (const file of files.filter((name) => name !== '' && existsSync(path.join(ROOT, name)))) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
    // `npm install` is CI's (npm ci on the clean clone): the copy uses that install.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // A newcomer's shell: this machine's environment (its proxy and CA settings) without what npm,
    // vitest or a Kling setup put there, and an empty home (npm's cache stays the machine's).
    const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    const inherited = Object.entries(process.env).filter(([name]) => !/^(npm_|KLING_|VITEST|NODE_ENV$|INIT_CWD$)/i.test(name));
    env = {
      ...(Object.fromEntries(inherited) as Record<string, string>),
      HOME: home,
      npm_config_cache: npmCache,
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
    };
    expect(existsSync(path.join(copy, 'dist')) || existsSync(path.join(copy, 'build'))).toBe(false);
  }, 120_000);

  /** Process groups of the scripts still running: a script that outlives its test is stopped with all its children. */
  const running = new Set<number>();
  /** The MCP client of the last test, closed (and its server stopped) even when the test gave up waiting. */
  let client: Client | undefined;

  /** Runs a bash script in the copy, in a process group of its own, stopped (children included) after `timeoutMs`. */
  function bash(
    script: string,
    extraEnv: Record<string, string>,
    timeoutMs: number,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', script], {
        cwd: copy,
        env: { ...env, ...extraEnv },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const pid = child.pid!;
      running.add(pid);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => stopGroup(pid), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        running.delete(pid);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
  }

  function stopGroup(pid: number): void {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  afterAll(async () => {
    await client?.close();
    for (const pid of running) stopGroup(pid);
    if (copy) {
      unlinkSync(path.join(copy, 'node_modules'));
      rmSync(copy, { recursive: true, force: true });
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Runs a block's commands that run here, as one bash script in the copy, stopping at the first failure. */
  function runBlock(includes: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const block = shellBlocks().find((commands) => commands.includes(includes));
    expect(block, `a block of the first screen runs ${includes}`).toBeDefined();
    const script = ['set -euo pipefail', ...block!.filter((command) => COMMANDS[command]?.how === 'here')].join('\n');
    return bash(script, extraEnv, 240_000);
  }

  const isMp4 = (file: string): boolean => {
    const header = Buffer.alloc(8);
    const fd = openSync(file, 'r');
    readSync(fd, header, 0, 8, 0);
    closeSync(fd);
    return header.subarray(4, 8).toString('latin1') === 'ftyp';
  };

  it('terminal: `npx kling --version` builds dist/ on the first run and says so, then `npx kling generate … --sandbox` saves a video', async () => {
    const result = await runBlock('npx kling --version');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/building the package/);
    expect(result.stdout.split('\n')[0]).toBe(version);
    expect(result.stdout).toMatch(/^Cost: /m);
    expect(isMp4(path.join(copy, 'boat.mp4'))).toBe(true);
  }, 300_000);

  it('terminal: `npx kling doctor` with a key (a sandbox and its demo key here) finds the setup ready', async () => {
    const sandbox: Sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      const result = await bash('npx kling doctor', { KLING_API_KEY: DEMO_API_KEY, KLING_BASE_URL: sandbox.url }, 100_000);
      expect(result.stdout).toMatch(/^Result: ready/m);
      expect(result.code).toBe(0);
    } finally {
      await sandbox.stop();
    }
  }, 120_000);

  it('`npm run demo` makes and saves kling-demo.mp4 with no key', async () => {
    const result = await runBlock('npm run demo');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Saved .*kling-demo\.mp4/);
    expect(isMp4(path.join(copy, 'kling-demo.mp4'))).toBe(true);
  }, 300_000);

  it("n8n: the n8n tarball lands in n8n's nodes folder, without n8n-workflow (n8n provides it)", async () => {
    const result = await runBlock('TGZ=$(npm run --silent pack:n8n | tail -n 1)');
    expect(result.code, result.stderr).toBe(0);
    const nodes = path.join(home, '.n8n', 'nodes', 'node_modules');
    const manifest = JSON.parse(readFileSync(path.join(nodes, 'n8n-nodes-kling', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'n8n-nodes-kling', version });
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(path.join(nodes, 'n8n-workflow'))).toBe(false);
    expect(existsSync(path.join(nodes, 'n8n-nodes-kling', 'dist', 'nodes', 'KlingAi', 'KlingAi.node.js'))).toBe(true);
  }, 300_000);

  it('MCP client: `npm run pack` prints both tarballs, and the server command given to Claude Code serves its tools', async () => {
    const result = await runBlock('npm run pack');
    expect(result.code, result.stderr).toBe(0);
    const printed = result.stdout.trim().split('\n').slice(-2);
    expect(printed.map((file) => path.basename(file))).toEqual([`kling-mcp-${version}.tgz`, `n8n-nodes-kling-${version}.tgz`]);

    const claude = shellBlocks()
      .flat()
      .find((command) => command.startsWith('claude mcp add '))!;
    const server = claude.slice(claude.indexOf(' -- ') + 4);
    const transport = new StdioClientTransport({ command: 'bash', args: ['-c', `exec ${server}`], cwd: copy, env, stderr: 'pipe' });
    client = new Client({ name: 'first-screen', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['estimate_credits', 'generate_video', 'get_task']);
      const priced = await client.callTool({ name: 'estimate_credits', arguments: { model: 'kling-2.6', prompt: 'x', duration: 5 } });
      expect((priced as { structuredContent: { units: number } }).structuredContent.units).toBe(1.5);
    } finally {
      await client.close();
      client = undefined;
    }
  }, 300_000);
});
