import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gatewayConfig, SERVE_ENV_VARS, type GatewayConfig, type TokenConfig } from '../gateway/config.js';
import { startGateway } from '../gateway/start-gateway.js';
import { hashTokenSecret, newTokenSecret, newWebhookSecret } from '../gateway/token-secret.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../sandbox/index.js';
import type { CliCommand } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { println, processIo, type Io } from './output.js';
import { parseCommand, runParsed, type ParsedCommandSpec } from './parsed-command.js';

/** The embedded sandbox of `--sandbox` runs its clock this much faster than Kling. */
const SANDBOX_TIME_SCALE = 0.1;

const OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'public-url': { type: 'string' },
  sandbox: { type: 'boolean' },
  'new-token': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function help(): string {
  const width = Math.max(...Object.keys(SERVE_ENV_VARS).map((name) => name.length));
  return [
    'Usage: kling serve [--config FILE] [--host H] [--port N] [--public-url URL] [--sandbox]',
    '       kling serve --new-token NAME',
    '',
    "A Kling-compatible gateway for a team sharing one account: clients (n8n's Gateway credential,",
    'MCP agents, the kling CLI, any Kling client) use gateway tokens; the real key stays here.',
    "Serves Kling's create and read paths (both standards), /kling/callback, /mcp, /healthz,",
    '/readyz and /metrics on one port, until Ctrl-C (SIGINT) or SIGTERM.',
    '',
    'Options:',
    '  --config FILE       the gateway config file (JSON; docs/gateway.md describes it)',
    '  --host H            interface to bind (default 127.0.0.1)',
    '  --port N            port (default 8787; 0 picks a free one)',
    "  --public-url URL    the gateway's public base URL: Kling calls <url>/kling/callback",
    '  --sandbox           use an embedded Kling sandbox as the account (no key, no credits);',
    "                      without configured tokens, a token 'demo' is made and printed",
    '  --new-token NAME    print a new token, its hash and a webhook secret for the config, and exit',
    '  -h, --help          this help',
    '',
    'Environment (wins over the config file):',
    ...Object.entries(SERVE_ENV_VARS).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
  ].join('\n');
}

const SPEC: ParsedCommandSpec<typeof OPTIONS> = {
  name: 'serve',
  options: OPTIONS,
  allowPositionals: false,
  help,
  check(values) {
    if (values.port !== undefined && (!/^\d+$/.test(values.port) || Number(values.port) > 65_535)) {
      throw new UsageError(`--port ${values.port}: expected a port from 0 to 65535`, '--port');
    }
    const publicUrl = values['public-url'];
    if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(publicUrl))
      throw new UsageError(`--public-url ${publicUrl}: expected an http(s) URL`, '--public-url');
    const name = values['new-token'];
    if (name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(name)) {
      throw new UsageError(
        `--new-token ${name.slice(0, 40)}: a token name is 1–32 letters, digits, - or _, starting with a letter or digit`,
        '--new-token',
      );
    }
  },
};

/** `kling serve`: runs the gateway until SIGINT/SIGTERM. */
export const serveCommand: CliCommand = {
  name: 'serve',
  parse: (argv) => void parseCommand(SPEC, argv),
  run(argv) {
    const io = processIo();
    return runParsed(argv, io, SPEC, async ({ values }) => {
      if (values['new-token'] !== undefined) return printNewToken(io, values['new-token'], values.json ?? false);
      const config = loadConfig(io, values);
      let sandbox: Sandbox | undefined;
      let demoSecret: string | undefined;
      let demoWebhookSecret: string | undefined;
      if (values.sandbox) {
        sandbox = await startSandbox({ timeScale: SANDBOX_TIME_SCALE });
        config.upstream = {
          ...config.upstream,
          apiKey: DEMO_API_KEY,
          accessKey: undefined,
          secretKey: undefined,
          baseUrl: sandbox.url,
          pollScale: SANDBOX_TIME_SCALE,
        };
        if (config.tokens.length === 0) {
          demoSecret = newTokenSecret();
          demoWebhookSecret = newWebhookSecret();
          config.tokens = [{ name: 'demo', secretHash: hashTokenSecret(demoSecret), webhookSecret: demoWebhookSecret }];
        }
      }
      const stopped = untilSignal();
      let gateway: Awaited<ReturnType<typeof startGateway>>;
      try {
        gateway = await startGateway(config);
      } catch (error) {
        await sandbox?.stop();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`port ${config.port} is in use (try --port 0)`);
        throw error;
      }
      const lines = [`Kling gateway listening on ${gateway.url}`];
      if (sandbox)
        lines.push(`Upstream: an embedded Kling sandbox on ${sandbox.url} (clock ×${1 / SANDBOX_TIME_SCALE}); no real credits are used`);
      if (demoSecret) {
        lines.push(
          `Demo token: ${demoSecret}`,
          `Its callbacks are signed with: ${demoWebhookSecret}`,
          `Try: curl -H 'Authorization: Bearer ${demoSecret}' '${gateway.url}/tasks?task_ids=0'`,
        );
      }
      println(io.stdout, lines.join('\n'));
      await stopped;
      await gateway.close();
      await sandbox?.stop();
      io.stderr.write('Kling gateway stopped\n');
      return EXIT.ok;
    });
  },
};

function loadConfig(io: Io, values: { config?: string; host?: string; port?: string; 'public-url'?: string }): GatewayConfig {
  let file: unknown;
  let source: string | undefined;
  if (values.config !== undefined) {
    source = resolve(io.cwd, values.config);
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new UsageError(`--config ${values.config}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
      file = JSON.parse(text);
    } catch (error) {
      // The parser's message may quote the file, which holds keys: give only the position.
      const position = /position \d+/.exec(String((error as Error).message))?.[0];
      throw new UsageError(`--config ${values.config}: not valid JSON${position ? ` (at ${position})` : ''}`);
    }
  }
  const config = gatewayConfig({ file, source, env: io.env, cwd: io.cwd });
  if (values.host !== undefined) config.host = values.host;
  if (values.port !== undefined) config.port = Number(values.port);
  if (values['public-url'] !== undefined) config.publicUrl = values['public-url'].replace(/\/+$/, '');
  return config;
}

function printNewToken(io: Io, name: string, json: boolean): number {
  const secret = newTokenSecret();
  const entry: TokenConfig = { name, secretHash: hashTokenSecret(secret), webhookSecret: newWebhookSecret() };
  if (json) {
    println(io.stdout, JSON.stringify({ token: secret, config: entry }, null, 2));
    return EXIT.ok;
  }
  println(
    io.stdout,
    [
      `Token for '${name}' (give it to its user; it is shown only now):`,
      `  ${secret}`,
      '',
      "Add this to the config file's tokens (the gateway keeps only the hash):",
      `  ${JSON.stringify(entry)}`,
      '',
      `Callbacks to '${name}' are signed with its webhookSecret: give that to its user too.`,
    ].join('\n'),
  );
  return EXIT.ok;
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolvePromise) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
