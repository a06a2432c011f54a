import { resolve } from 'node:path';
import { KlingError } from '../core/index.js';
import type { CliCommand } from './command.js';
import { configHelp } from './config.js';
import { downloadVideo } from './download.js';
import { EXIT, exitCodesHelp, reportError, UsageError } from './errors.js';
import { formatEstimate, printJson, println, processIo, type Io } from './output.js';
import { printSaved, stoppedWaiting, taskFailed } from './task-outcome.js';
import {
  buildRequest,
  checkRequestFlags,
  modelsHelp,
  REQUEST_FLAGS_HELP,
  REQUEST_OPTIONS,
  type RequestFlagValues,
} from './request-flags.js';
import { parseCommand, runParsed } from './parsed-command.js';
import { plainNumber } from './plain-number.js';
import { openSession } from './session.js';
import { DEFAULT_WAIT, parseWaitDuration, waitWithProgress } from './wait-task.js';

const OPTIONS = {
  ...REQUEST_OPTIONS,
  'no-wait': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  timeout: { type: 'string' },
  'max-units': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  sandbox: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function generateHelp(io: Io): string {
  return `Usage: kling generate "<prompt>" [options]

Prices the request (no network), creates the task, shows progress until it ends, saves the MP4
and prints the handle, the cost and the file. Against a sandbox on this machine it also takes the
task's callbacks on a loopback port, so it knows of the end at once; against Kling it polls.

${REQUEST_FLAGS_HELP}

Run options:
      --no-wait             create the task, print its handle and exit (follow it with kling task)
  -o, --out <file.mp4>      where to save the video (default: kling-<task id>.mp4)
      --timeout <duration>  stop waiting after this long, e.g. 90s, 15m (default ${DEFAULT_WAIT}); the task keeps running
      --max-units <n>       refuse to create the task if it is estimated above n units
      --json                one JSON document on stdout; progress still goes to stderr (-q: none)
  -q, --quiet               no progress display
      --sandbox             run against an embedded local sandbox with its demo key (no account needed)
      --config <path>       config file (default below)
  -h, --help                this help

${modelsHelp()}

${configHelp(io.env)}

${exitCodesHelp()}

Examples:
  kling generate "a paper boat on a river" --sandbox --out boat.mp4
  kling generate "the boat drifts away" --image boat.png --duration 5 --resolution 1080p
  kling generate "a lighthouse at dusk" --model kling-2.6 --audio native --resolution 1080p --no-wait --json`;
}

/** `--max-units`: a positive number of units, or undefined when not given. */
function maxUnitsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const units = plainNumber(value);
  if (units === undefined || units <= 0) throw new UsageError(`--max-units: '${value}' is not a positive number of units`, '--max-units');
  return units;
}

const SPEC = {
  name: 'generate',
  options: OPTIONS,
  allowPositionals: true,
  help: generateHelp,
  check(values: { image?: string; timeout?: string; 'max-units'?: string } & RequestFlagValues, positionals: string[]): void {
    if (positionals.length === 0 && values.image === undefined)
      throw new UsageError('give a prompt: `kling generate "<prompt>"` (`kling generate --help` has examples)');
    parseWaitDuration('--timeout', values.timeout ?? DEFAULT_WAIT);
    maxUnitsOf(values['max-units']);
    checkRequestFlags(values);
  },
};

/** `kling generate`: estimate, create, wait with progress, save the MP4. Returns the exit code. */
export function runGenerate(argv: string[], io: Io = processIo()): Promise<number> {
  let handle: string | undefined;
  const onError = (error: unknown, json: boolean): number => {
    const code = reportError(io, error, { json, command: SPEC.name, extra: handle ? { handle } : {} });
    if (handle && !json) println(io.stderr, `  task handle: ${handle}  (look it up with \`kling task ${handle}\`)`);
    return code;
  };
  return runParsed(argv, io, { ...SPEC, onError }, async ({ values, positionals, json }) => {
    const timeoutMs = parseWaitDuration('--timeout', values.timeout ?? DEFAULT_WAIT);
    const maxUnits = maxUnitsOf(values['max-units']);

    const session = await openSession(io, {
      sandbox: values.sandbox,
      configPath: values.config,
      extra: maxUnits === undefined ? {} : { budget: { maxUnitsPerTask: maxUnits } },
      localCallbacks: !values['no-wait'] && values['callback-url'] === undefined,
      noCredentialsHint:
        'Set them in the environment or the config file (`kling generate --help` lists both), or try it without an account: add --sandbox.',
    });
    try {
      const request = buildRequest(values, positionals, { cwd: io.cwd, credentials: session.credentials });
      request.callbackUrl ??= session.callbackUrl;
      const estimate = session.client.estimate(request);
      if (!json) {
        for (const line of formatEstimate(estimate)) println(io.stdout, line);
        if (session.sandbox) println(io.stdout, `Sandbox: ${session.sandbox.url} (demo key; nothing is charged)`);
      }
      const created = await session.client.create(request);
      handle = created.handle;
      if (!json) {
        const fallback = created.fallbackFrom ? ` (model ${created.fallbackFrom} was refused; used ${created.model})` : '';
        if (created.existing) {
          println(io.stdout, `Found ${created.handle}: a task with the external id ${created.externalTaskId} already exists.`);
          println(io.stdout, '  This command created nothing new; that task was charged when it was created.');
        } else println(io.stdout, `Created ${created.handle}${fallback}`);
      }
      if (values['no-wait']) {
        if (json)
          printJson(io, {
            ok: true,
            handle: created.handle,
            status: created.task.status,
            model: created.model,
            externalTaskId: created.externalTaskId,
            existing: created.existing,
            estimate,
            task: created.task,
          });
        else {
          println(io.stdout, `Follow it with:  \`kling task ${created.handle} --wait --out <file.mp4>\``);
          if (session.sandbox)
            println(
              io.stdout,
              'Note: the embedded sandbox stops with this command; to keep tasks, run `kling sandbox` and paste the lines it prints.',
            );
        }
        return EXIT.ok;
      }

      const result = await waitWithProgress(session.client, created.handle, io, { timeoutMs, quiet: values.quiet });
      if (!result.done) return stoppedWaiting(io, json, result.reason, created.handle, result.task, result.pollAfterMs);
      const task = result.task;
      if (task.status === 'failed') return taskFailed(io, json, task);
      const video = task.videos[0];
      if (!video) throw new KlingError({ kind: 'server', message: `task ${task.handle} succeeded without a video URL` });
      const path = resolve(io.cwd, values.out ?? `kling-${task.id}.mp4`);
      const saved = await downloadVideo(video.url, path);
      if (json) {
        printJson(io, {
          ok: true,
          handle: task.handle,
          status: task.status,
          model: created.model,
          existing: created.existing,
          costUnits: task.costUnits,
          estimate,
          file: saved.path,
          bytes: saved.bytes,
          task,
        });
      } else {
        printSaved(io, task, saved, estimate.units);
      }
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}

export const generateCommand: CliCommand = {
  name: 'generate',
  run: (argv) => runGenerate(argv),
  parse: (argv) => void parseCommand(SPEC, argv),
};
