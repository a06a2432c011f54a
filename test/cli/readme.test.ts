import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, EXIT_CODE_HELP } from '../../cli/errors.js';
import { CLIENT_ENV_VARS } from '../../core/client/env-config.js';
import { KLING_CODES, KlingError } from '../../core/index.js';
import { root } from './helpers.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README stays in step with the code', () => {
  it('the troubleshooting table has one row per Kling code with its meaning, hint and exit code', () => {
    const table = section('Troubleshooting by error code');
    const rows = table.split('\n').filter((line) => /^\| \d{4} \|/.test(line));
    expect(rows.map((row) => Number(row.split('|')[1]))).toEqual(Object.keys(KLING_CODES).map(Number));
    for (const row of rows) {
      const cells = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      const code = Number(cells[1]);
      const info = KLING_CODES[code]!;
      expect(cells.slice(2, 7), `row ${code}`).toEqual([
        String(info.httpStatus),
        info.meaning,
        info.retryable ? 'yes' : 'no',
        String(exitCodeFor(KlingError.fromCode(code, 'x'))),
        info.hint.replace(/\|/g, '\\|'),
      ]);
    }
  });

  it('the configuration reference lists every shared environment variable', () => {
    const reference = section('Configuration reference');
    for (const name of Object.keys(CLIENT_ENV_VARS)) expect(reference).toContain(`\`${name}\``);
  });

  it('the exit code table lists every exit code', () => {
    const cli = section('Command line: `kling`');
    for (const [code] of EXIT_CODE_HELP) expect(cli).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
