import { estimate } from '../core/index.js';
import { credentialKind } from '../core/node.js';
import type { CliCommand } from './command.js';
import { loadSettings } from './config.js';
import { EXIT, exitCodesHelp } from './errors.js';
import { formatEstimate, printJson, println, processIo, type Io } from './output.js';
import { parseCommand, runParsed } from './parsed-command.js';
import {
  buildRequest,
  checkRequestFlags,
  modelsHelp,
  REQUEST_FLAGS_HELP,
  REQUEST_OPTIONS,
  type RequestFlagValues,
} from './request-flags.js';

const OPTIONS = {
  ...REQUEST_OPTIONS,
  json: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const ESTIMATE_HELP = `Usage: kling estimate ["<prompt>"] [options]

Prices a request from the model catalog: no network, no key, nothing created. Takes the same
request options as kling generate; the request is validated exactly as a create would be.

${REQUEST_FLAGS_HELP}

Options:
      --json                the estimate as JSON on stdout
      --config <path>       config file; only its credentials' kind is used, to choose the default
                            model as kling generate would (an access key reaches legacy models only)
  -h, --help                this help

${modelsHelp()}

Prices are resource-pack units (1 unit ≈ $0.14); a finished task reports its actual charge.

${exitCodesHelp(EXIT.usage)}

Examples:
  kling estimate "a paper boat" --model kling-3.0 --duration 10 --resolution 1080p --audio native
  kling estimate --model kling-2.6 --image frame.png --json`;

const SPEC = {
  name: 'estimate',
  options: OPTIONS,
  allowPositionals: true,
  help: () => ESTIMATE_HELP,
  check: (values: RequestFlagValues) => checkRequestFlags(values),
};

/** `kling estimate`: price a request offline. Returns the exit code. */
export function runEstimate(argv: string[], io: Io = processIo()): Promise<number> {
  return runParsed(argv, io, SPEC, async ({ values, positionals, json }) => {
    const { settings } = loadSettings({ configPath: values.config, env: io.env, cwd: io.cwd });
    const credentials = credentialKind(settings);
    const request = buildRequest(values, positionals, { cwd: io.cwd, credentials: credentials === 'none' ? 'unknown' : credentials });
    const priced = estimate(request);
    if (json) printJson(io, { ok: true, ...priced });
    else for (const line of formatEstimate(priced)) println(io.stdout, line);
    return EXIT.ok;
  });
}

export const estimateCommand: CliCommand = {
  name: 'estimate',
  run: (argv) => runEstimate(argv),
  parse: (argv) => void parseCommand(SPEC, argv),
};
