import {
  type CheckResult,
  clientOptionsFromSettings,
  credentialsOf,
  type DoctorReport,
  type KlingSettings,
  missingCredentialsError,
  runDoctor,
} from '../core/node.js';
import { DEMO_API_KEY, startSandbox, type Sandbox } from '../sandbox/index.js';
import type { CliCommand } from './command.js';
import { configHelp, loadSettings } from './config.js';
import { EXIT, UsageError } from './errors.js';
import { printJson, println, processIo, type Io } from './output.js';
import { parseCommand, runParsed } from './parsed-command.js';
import { plainNumber } from './plain-number.js';
import { EMBEDDED_SANDBOX_TIME_SCALE } from './session.js';

const OPTIONS = {
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  timeout: { type: 'string' },
  sandbox: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function doctorHelp(io: Io): string {
  return `Usage: kling doctor [options]

Production-readiness checks: will this configuration work against the API? Reads only (a free
credential check, the account's packs, a few unauthenticated probes); never creates a task.

Checks:
  credentials    configured, and accepted by Kling
  clock          this machine's clock against the API's Date header (JWTs and signed callbacks need it)
  api            the API answers with Kling's envelope, and its round-trip time
  packs          video resource packs: units left, days to expiry
  concurrency    configured tasks-at-once against what the packs allow
  webhook secret format of KLING_WEBHOOK_SECRET (whsec_<base64>)
  callback URL   KLING_CALLBACK_URL answers, and Kling could reach it
  config file    a config file holding a credential is not readable by other users

Options:
      --json                the report as JSON on stdout
      --strict              warnings fail too (exit 1)
      --timeout <seconds>   deadline for each network call (default 10, at most 3600)
      --sandbox             check an embedded local sandbox with its demo key
      --config <path>       config file
  -h, --help                this help

Exit codes: 0 no check failed (warnings allowed), 1 a check failed (or warned, with --strict),
2 usage error.

${configHelp(io.env)}`;
}

/** `--timeout`: seconds for each network call, more than 0 and at most an hour. */
function timeoutSecondsOf(value: string | undefined): number {
  if (value === undefined) return 10;
  const seconds = plainNumber(value);
  if (seconds === undefined || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--timeout: '${value}' is not a number of seconds from 0.001 to 3600`, '--timeout');
  }
  return seconds;
}

const SPEC = {
  name: 'doctor',
  options: OPTIONS,
  allowPositionals: false,
  help: doctorHelp,
  check: (values: { timeout?: string }) => void timeoutSecondsOf(values.timeout),
};

/** `kling doctor`: one pass/warn/fail line per check and an exit code. */
export function runDoctorCommand(argv: string[], io: Io = processIo()): Promise<number> {
  let sandbox: Sandbox | undefined;
  return runParsed(argv, io, SPEC, async ({ values, json }) => {
    const timeoutSeconds = timeoutSecondsOf(values.timeout);

    let settings: KlingSettings;
    let sources: string[];
    const extraChecks: CheckResult[] = [];
    if (values.sandbox) {
      sandbox = await startSandbox({ timeScale: EMBEDDED_SANDBOX_TIME_SCALE, quiet: true });
      settings = { apiKey: DEMO_API_KEY, baseUrl: sandbox.url };
      sources = ['embedded sandbox'];
    } else {
      const loaded = loadSettings({ configPath: values.config, env: io.env, cwd: io.cwd });
      settings = loaded.settings;
      sources = loaded.sources;
      if (loaded.file) extraChecks.push(configFileCheck(loaded.file, loaded.fileTooOpen));
    }
    const { auth, missing } = credentialsOf(settings);
    const report = await runDoctor(
      {
        auth,
        credentialsProblem:
          missing === undefined
            ? undefined
            : missingCredentialsError(
                missing,
                'Set them in the environment or the config file (`kling doctor --help` lists both), or check a local sandbox: add --sandbox.',
              ),
        options: clientOptionsFromSettings(settings),
      },
      { timeoutMs: timeoutSeconds * 1000 },
    );
    const full: DoctorReport = { ...report, checks: [...report.checks, ...extraChecks] };
    if (extraChecks.some((check) => check.status === 'warn') && full.status === 'pass') full.status = 'warn';
    const failed = full.status === 'fail' || (values.strict === true && full.status === 'warn');
    if (json) printJson(io, { ok: !failed, ...full, sources });
    else printReport(io, full, sources);
    return failed ? EXIT.failure : EXIT.ok;
  }).finally(() => sandbox?.stop());
}

function configFileCheck(file: string, tooOpen: boolean): CheckResult {
  if (!tooOpen) return { name: 'config file', status: 'pass', detail: `${file} is readable by you only` };
  return {
    name: 'config file',
    status: 'warn',
    detail: `${file} holds a credential and other users can read it`,
    hint: `chmod 600 ${file}`,
  };
}

const LABELS = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' } as const;
const COLOURS = { pass: 32, warn: 33, fail: 31, skip: 90 } as const;

function printReport(io: Io, report: DoctorReport, sources: string[]): void {
  const colour = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  const paint = (status: CheckResult['status'], text: string): string => (colour ? `\x1b[${COLOURS[status]}m${text}\x1b[0m` : text);
  println(
    io.stdout,
    `kling doctor: ${report.baseUrl} (settings from ${sources.length > 0 ? sources.join(' + ') : 'nowhere: nothing is configured'})`,
  );
  const width = Math.max(...report.checks.map((check) => check.name.length));
  for (const check of report.checks) {
    println(io.stdout, `  ${paint(check.status, LABELS[check.status])}  ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.hint && check.status !== 'pass') println(io.stdout, `        ${''.padEnd(width)}  → ${check.hint}`);
  }
  const count = (status: CheckResult['status']): number => report.checks.filter((check) => check.status === status).length;
  const failures = count('fail');
  const warnings = count('warn');
  const verdict = failures > 0 ? 'not ready' : warnings > 0 ? 'ready, with warnings' : 'ready';
  println(
    io.stdout,
    `Result: ${verdict} (${failures} failed, ${warnings} warned, ${count('pass')} passed${count('skip') ? `, ${count('skip')} skipped` : ''})`,
  );
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  run: (argv) => runDoctorCommand(argv),
  parse: (argv) => void parseCommand(SPEC, argv),
};
