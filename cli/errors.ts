import { codeInfo, KlingError } from '../core/index.js';
import { EXIT as BASE_EXIT } from './command.js';
import { flagOfField, inFlagTerms } from './field-flags.js';

/** The `kling` command's exit codes (0–2 shared by every command); scripts may rely on them. */
export const EXIT = {
  ...BASE_EXIT,
  /** Credentials missing, refused, or without permission for this API or model. */
  auth: 3,
  /** Resource pack used up or expired, account in arrears, or a budget limit reached. */
  balance: 4,
  /** The task ended as failed (the reason is printed; failed tasks cost nothing). */
  taskFailed: 5,
  /** Stopped waiting before the task ended; it keeps running: the handle is printed. */
  timeout: 6,
  /** Kling unreachable or busy (network, 5xxx, rate limit): try again later. */
  unavailable: 7,
  /** Interrupted (Ctrl-C); a created task keeps running and its handle is printed. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code table for `--help` and the README. */
export const EXIT_CODE_HELP: readonly [ExitCode, string][] = [
  [EXIT.ok, 'success'],
  [EXIT.failure, 'failure (unexpected error; doctor: a check failed)'],
  [EXIT.usage, 'usage error or invalid request: nothing was sent or charged'],
  [EXIT.auth, 'credentials missing or refused, or no permission for the model'],
  [EXIT.balance, 'resource pack used up or expired, arrears, or budget limit'],
  [EXIT.taskFailed, 'the task failed (e.g. content moderation); failed tasks cost nothing'],
  [EXIT.timeout, 'stopped waiting; the task keeps running (handle printed)'],
  [EXIT.unavailable, 'Kling unreachable or busy: try again later'],
  [EXIT.cancelled, 'interrupted; a created task keeps running (handle printed)'],
];

/** The "Exit codes:" section of a command's `--help`; `upTo` leaves out the codes a command never returns. */
export function exitCodesHelp(upTo: number = EXIT.cancelled): string {
  const rows = EXIT_CODE_HELP.filter(([code]) => code <= upTo).map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return ['Exit codes:', ...rows].join('\n');
}

/** A mistake on the command line (unknown option, missing argument, unreadable file), naming the flag at fault when there is one. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (!(error instanceof KlingError)) return isArgumentError(error) ? EXIT.usage : EXIT.failure;
  switch (error.kind) {
    case 'invalid':
    case 'policy':
      return EXIT.usage;
    case 'auth':
    case 'permission':
      return EXIT.auth;
    case 'balance':
    case 'budget':
      return EXIT.balance;
    case 'task_failed':
      return EXIT.taskFailed;
    case 'cancelled':
      return EXIT.cancelled;
    case 'network':
    case 'server':
    case 'rate':
    case 'concurrency':
    case 'unavailable':
    case 'timeout':
      return EXIT.unavailable;
  }
  return EXIT.failure;
}

/** What an error is, for people and for `--json`: the Kling code, its meaning and what to do. */
export interface ErrorReport {
  message: string;
  kind: string;
  code: number | undefined;
  meaning: string | undefined;
  hint: string | undefined;
  field: string | undefined;
  requestId: string | undefined;
  taskMayExist: boolean;
  externalTaskId: string | undefined;
  exitCode: ExitCode;
}

/** `command` names the subcommand, whose --help a usage error points to. */
export function errorReport(error: unknown, command?: string): ErrorReport {
  const exitCode = exitCodeFor(error);
  if (error instanceof KlingError) {
    const info = error.code === undefined ? undefined : codeInfo(error.code);
    return {
      message: error.field === undefined ? error.message : inFlagTerms(error.message, error.field),
      kind: error.kind,
      code: error.code,
      meaning: info?.meaning,
      hint: error.taskMayExist && error.externalTaskId ? lookUpHint(error.externalTaskId) : (error.hint ?? info?.hint),
      field: error.field === undefined ? undefined : flagOfField(error.field),
      requestId: error.requestId,
      taskMayExist: error.taskMayExist,
      externalTaskId: error.externalTaskId,
      exitCode,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message,
    kind: exitCode === EXIT.usage ? 'usage' : 'unexpected',
    code: undefined,
    meaning: undefined,
    hint:
      exitCode === EXIT.usage
        ? `${command === undefined ? '`kling --help`' : `\`kling ${command} --help\``} lists the options.`
        : undefined,
    field: error instanceof UsageError ? error.flag : undefined,
    requestId: undefined,
    taskMayExist: false,
    externalTaskId: undefined,
    exitCode,
  };
}

/** What to do when a create may have landed: the command that finds the task, never a second create. */
export function lookUpHint(externalTaskId: string): string {
  return `A task may exist (and be charged once it succeeds): look it up with \`kling task --external-id ${externalTaskId}\` before creating it again, and do not re-send it with a new id.`;
}

/** Lines for stderr: the message (with the Kling code and meaning), what to do, the request id. */
export function formatError(report: ErrorReport): string[] {
  const lines = [`error: ${report.message}`];
  if (report.code !== undefined && report.meaning && !report.message.includes(report.meaning)) {
    lines.push(`  Kling ${report.code}: ${report.meaning}`);
  }
  if (report.hint) lines.push(`  what to do: ${report.hint}`);
  if (report.requestId) lines.push(`  request id: ${report.requestId} (quote it to Kling support)`);
  return lines;
}

/** `parseArgs` throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Prints an error (stderr for people; one JSON document on stdout with `--json`) and returns its exit code. */
export function reportError(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  error: unknown,
  options: { json?: boolean; extra?: Record<string, unknown>; command?: string } = {},
): ExitCode {
  const report = errorReport(error, options.command);
  if (options.json) io.stdout.write(`${JSON.stringify({ ok: false, ...options.extra, error: report }, null, 2)}\n`);
  else io.stderr.write(`${formatError(report).join('\n')}\n`);
  return report.exitCode;
}
