import { WEBHOOK_SECRET_FORMAT } from '../core/index.js';
import { DEMO_ACCESS_KEY, DEMO_API_KEY, DEMO_SECRET_KEY, FAILURE_MARKER, startSandbox, type SandboxOptions } from '../sandbox/index.js';
import { EXIT, type CliCommand } from './command.js';
import { UsageError } from './errors.js';
import { parseArguments } from './parse-arguments.js';
import { plainNumber } from './plain-number.js';

export const DEFAULT_SANDBOX_PORT = 4100;

const HELP = `Usage: kling sandbox [options]

Runs a local Kling API on your machine: both API standards, API keys and AK/SK JWTs,
concurrency limits, resource-pack units, signed callbacks and injectable faults.
Serves until Ctrl-C (SIGINT) or SIGTERM. On start it prints the lines to paste into a shell so
that kling, kling-mcp or your own code use it (KLING_BASE_URL, the key); every reply carries its
time scale (x-kling-sandbox-time-scale), so clients poll on its clock with no other setting.

Options:
  --port N              port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free one)
  --host H              interface to bind (default 127.0.0.1; the control API has no auth: keep it local)
  --time-scale F        multiplier of typical generation times (default 0.05: a few seconds per video)
  --seed N              seed of timings, ids and faults (default 1)
  --api-key K           API key to accept instead of the demo key
  --access-key A        access key to accept (with --secret-key) instead of the demo pair
  --secret-key S        secret key that signs the access key's JWTs
  --concurrency N       tasks running at once per model (default 5)
  --units N             units in the resource pack (default 10000)
  --webhook-secret S    whsec_… secret: callbacks are signed (Standard Webhooks)
  --tls                 serve HTTPS with a self-signed certificate made at start
  --control-token T     require the header x-sandbox-token: T on /__sandbox/ control routes
  --quiet               no request log on stderr
  -h, --help            this help

Without key options the sandbox accepts the demo credentials:
  API key ${DEMO_API_KEY}, access key ${DEMO_ACCESS_KEY}, secret key ${DEMO_SECRET_KEY}.
A prompt containing ${FAILURE_MARKER} makes the task fail as if moderation refused it.
Control API: GET http://<host>:<port>/__sandbox lists its routes.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'time-scale': { type: 'string' },
  seed: { type: 'string' },
  'api-key': { type: 'string' },
  'access-key': { type: 'string' },
  'secret-key': { type: 'string' },
  concurrency: { type: 'string' },
  units: { type: 'string' },
  'webhook-secret': { type: 'string' },
  tls: { type: 'boolean' },
  'control-token': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function numberOption(value: string | undefined, name: string, check: (n: number) => boolean, rule: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = plainNumber(value);
  if (parsed === undefined || !check(parsed)) throw new UsageError(`--${name}: '${value}' is not ${rule}`, `--${name}`);
  return parsed;
}

/** Turns the command line into sandbox options; throws UsageError on a bad one. */
export function sandboxOptionsFromArgs(argv: string[]): { options: SandboxOptions; help: boolean } {
  const { values } = parseArguments('sandbox', argv, { options: OPTIONS, allowPositionals: false });
  if ((values['access-key'] === undefined) !== (values['secret-key'] === undefined)) {
    throw new UsageError('--access-key and --secret-key go together', values['access-key'] === undefined ? '--secret-key' : '--access-key');
  }
  const webhookSecret = values['webhook-secret'];
  if (webhookSecret !== undefined && !WEBHOOK_SECRET_FORMAT.test(webhookSecret)) {
    throw new UsageError('--webhook-secret: expected whsec_<base64>', '--webhook-secret');
  }
  const options: SandboxOptions = {
    port: numberOption(values.port, 'port', (n) => Number.isInteger(n) && n <= 65535, 'a port from 0 to 65535') ?? DEFAULT_SANDBOX_PORT,
    host: values.host,
    timeScale: numberOption(values['time-scale'], 'time-scale', (n) => n > 0, 'a number above 0'),
    seed: numberOption(values.seed, 'seed', Number.isInteger, 'a whole number'),
    apiKey: values['api-key'],
    accessKey: values['access-key'],
    secretKey: values['secret-key'],
    concurrency: numberOption(values.concurrency, 'concurrency', (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1'),
    units: numberOption(values.units, 'units', () => true, 'a number of units'),
    webhookSecret,
    tls: values.tls ?? false,
    controlToken: values['control-token'],
    quiet: values.quiet ?? false,
  };
  for (const key of Object.keys(options) as (keyof SandboxOptions)[]) if (options[key] === undefined) delete options[key];
  return { options, help: values.help ?? false };
}

/**
 * Lines a person pastes into a shell so that `kling`, `kling-mcp` or their own code use this
 * sandbox: the base URL, the demo key (a key given on the command line is left for them to fill
 * in: it is not echoed) and, with TLS, the certificate to trust. PowerShell syntax on Windows.
 */
export function environmentLines(
  sandbox: { url: string; certificate?: { path: string } | undefined; demoCredentials: boolean },
  options: SandboxOptions,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const variables: [string, string][] = [['KLING_BASE_URL', sandbox.url]];
  if (sandbox.demoCredentials) variables.push(['KLING_API_KEY', DEMO_API_KEY]);
  else if (options.apiKey !== undefined) variables.push(['KLING_API_KEY', '<the key given with --api-key>']);
  else variables.push(['KLING_ACCESS_KEY', '<the --access-key>'], ['KLING_SECRET_KEY', '<the --secret-key>']);
  if (sandbox.certificate) variables.push(['NODE_EXTRA_CA_CERTS', sandbox.certificate.path]);
  return variables.map(([name, value]) => (platform === 'win32' ? `$env:${name} = "${value}"` : `export ${name}=${shellQuoted(value)}`));
}

function shellQuoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `kling sandbox`: prints `Kling sandbox listening on <url>` and serves until SIGINT/SIGTERM. */
export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  parse: (argv) => void sandboxOptionsFromArgs(argv),
  async run(argv) {
    let parsed: ReturnType<typeof sandboxOptionsFromArgs>;
    try {
      parsed = sandboxOptionsFromArgs(argv);
    } catch (error) {
      process.stderr.write(`error: ${(error as Error).message}\n  what to do: \`kling sandbox --help\` lists the options.\n`);
      return EXIT.usage;
    }
    if (parsed.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }

    let sandbox;
    try {
      sandbox = await startSandbox(parsed.options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? `port ${parsed.options.port} is in use (try --port 0)` : (error as Error).message;
      process.stderr.write(`kling sandbox: cannot start: ${why}\n`);
      return EXIT.failure;
    }

    // Listen for the signals before announcing the URL: whoever reads the line may signal at once.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const lines = [`Kling sandbox listening on ${sandbox.url}`];
    if (sandbox.certificate) lines.push(`TLS certificate: ${sandbox.certificate.path}`);
    if (sandbox.demoCredentials) {
      lines.push(`Demo API key: ${DEMO_API_KEY}`, `Demo access key: ${DEMO_ACCESS_KEY}  secret key: ${DEMO_SECRET_KEY}`);
    }
    lines.push(
      '',
      'To use it from kling, kling-mcp or your own code, paste into your shell:',
      ...environmentLines(sandbox, parsed.options),
      `Clients read the sandbox's clock (time scale ${sandbox.clock().timeScale}) from its replies: no other setting is needed.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    await stopped;
    await sandbox.stop();
    process.stderr.write('Kling sandbox stopped\n');
    return EXIT.ok;
  },
};
