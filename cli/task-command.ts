import { resolve } from 'node:path';
import { displayValue, isFinal, PRODUCTS, type Task } from '../core/index.js';
import type { CliCommand } from './command.js';
import { configHelp } from './config.js';
import { downloadVideo } from './download.js';
import { EXIT, exitCodesHelp, UsageError } from './errors.js';
import { formatTask, printJson, println, processIo, type Io } from './output.js';
import { parseCommand, runParsed } from './parsed-command.js';
import { productValue } from './request-flags.js';
import { openSession } from './session.js';
import { savedLine, stoppedWaiting, taskFailed } from './task-outcome.js';
import { DEFAULT_WAIT, parseWaitDuration, waitWithProgress } from './wait-task.js';

const OPTIONS = {
  'external-id': { type: 'string' },
  product: { type: 'string' },
  wait: { type: 'boolean', short: 'w' },
  timeout: { type: 'string' },
  out: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function taskHelp(io: Io): string {
  return `Usage: kling task <handle|id> [options]
       kling task --external-id <id> [options]

Shows a task: status, video URL, cost, or why it failed. Accepts the handle printed by
kling generate (kt1.…), a raw Kling task id, or the external task id it was created with.

Options:
      --external-id <id>    look the task up by the external task id it was created with
      --product <name>      the task's product, for raw ids read with access-key credentials
                            (${PRODUCTS.join(', ')})
  -w, --wait                wait until the task ends, with progress on stderr (also with --json)
      --timeout <duration>  with --wait: stop waiting after this long (default ${DEFAULT_WAIT})
  -o, --out <file.mp4>      save the video (waits first when combined with --wait)
      --json                one JSON document on stdout; progress still goes to stderr
  -q, --quiet               no progress display
      --config <path>       config file
  -h, --help                this help

Exit code: 0 when the task was read (whatever its status); with --wait or --out, 5 when the task
failed and 6 when it has not ended yet.

${configHelp(io.env)}

${exitCodesHelp()}`;
}

const SPEC = {
  name: 'task',
  options: OPTIONS,
  allowPositionals: true,
  notHere: {
    '--sandbox':
      'an embedded sandbox lasts only as long as the command that starts it, so it holds no earlier task. Run `kling sandbox` in another terminal, paste the lines it prints into this shell, then run kling task again.',
  },
  help: taskHelp,
  check(values: { 'external-id'?: string; product?: string; timeout?: string }, positionals: string[]): void {
    const externalId = values['external-id'];
    if ((positionals.length === 0) === (externalId === undefined)) {
      throw new UsageError('give a task handle or id, or --external-id <id> (`kling task --help` shows both)');
    }
    if (positionals.length > 1)
      throw new UsageError(`one task handle or id at a time (got ${positionals.length}: ${positionals.join(' ')})`);
    if (positionals[0] !== undefined && positionals[0].trim() === '') throw new UsageError('the task handle or id is empty');
    // The rules the core applies to external ids at creation (core/request/validate.ts): an id
    // that breaks them was never created through this client, and a lookup could not carry it.
    if (externalId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(externalId)) {
      throw new UsageError(
        `--external-id: ${displayValue(externalId)} is not an external task id (allowed: 1 to 128 printable characters, no spaces)`,
        '--external-id',
      );
    }
    const unsafe = externalId === undefined ? undefined : /[,/?#%\\]/.exec(externalId)?.[0];
    if (unsafe !== undefined) {
      throw new UsageError(
        `--external-id: ${displayValue(externalId)} contains '${unsafe}', which a lookup by external id cannot carry (not allowed: , / ? # % \\)`,
        '--external-id',
      );
    }
    if (values.product !== undefined) productValue(values.product);
    parseWaitDuration('--timeout', values.timeout ?? DEFAULT_WAIT);
  },
};

/** `kling task`: read a task, optionally wait for it and save its video. Returns the exit code. */
export function runTask(argv: string[], io: Io = processIo()): Promise<number> {
  return runParsed(argv, io, SPEC, async ({ values, positionals, json }) => {
    const externalId = values['external-id'];
    const product = values.product === undefined ? undefined : productValue(values.product);
    const timeoutMs = parseWaitDuration('--timeout', values.timeout ?? DEFAULT_WAIT);

    const session = await openSession(io, {
      configPath: values.config,
      noCredentialsHint:
        'Set them in the environment or the config file (`kling task --help` lists both). For a local sandbox, run `kling sandbox` and paste the lines it prints.',
    });
    try {
      const client = session.client;
      let task: Task =
        externalId !== undefined
          ? await client.getTaskByExternalId(externalId, { product })
          : await client.getTask(positionals[0] as string, { product });
      if (values.wait && !isFinal(task.status)) {
        const result = await waitWithProgress(client, task.handle, io, { timeoutMs, quiet: values.quiet });
        if (!result.done) return stoppedWaiting(io, json, result.reason, task.handle, result.task ?? task, result.pollAfterMs);
        task = result.task;
      }
      const outcomeMatters = values.wait || values.out !== undefined;
      if (outcomeMatters && task.status === 'failed') return taskFailed(io, json, task);
      if (values.out !== undefined && task.status !== 'succeeded') {
        return stoppedWaiting(io, json, 'timeout', task.handle, task, client.config.poll.minIntervalMs);
      }
      const video = task.videos[0];
      const saved = values.out !== undefined && video ? await downloadVideo(video.url, resolve(io.cwd, values.out)) : undefined;
      if (json) {
        printJson(io, {
          ok: true,
          handle: task.handle,
          status: task.status,
          costUnits: task.costUnits,
          file: saved?.path,
          bytes: saved?.bytes,
          task,
        });
      } else {
        for (const line of formatTask(task)) println(io.stdout, line);
        if (saved) println(io.stdout, savedLine(saved));
        else if (!isFinal(task.status)) println(io.stdout, `  still ${task.status}: wait with  \`kling task ${task.handle} --wait\``);
      }
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}

export const taskCommand: CliCommand = { name: 'task', run: (argv) => runTask(argv), parse: (argv) => void parseCommand(SPEC, argv) };
