import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, EXIT_CODE_HELP } from '../../cli/errors.js';
import { CLIENT_ENV_VARS } from '../../core/client/env-config.js';
import { KLING_CODES, KlingError } from '../../core/index.js';
import { ENV_VARS } from '../../mcp/config.js';
import { ROOT } from '../../scripts/ensure-build.js';

/** The reference pages under docs/ that repeat what the code defines: error codes, variables, exit codes. */
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The `## title` section of a page, up to the next `## ` heading. */
function section(file: string, title: string): string {
  const text = read(file);
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `${file} has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

describe('the reference pages stay in step with the code', () => {
  it('docs/troubleshooting.md has one row per Kling code with its meaning, hint and exit code', () => {
    const table = section('docs/troubleshooting.md', 'By error code');
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

  it('docs/configuration.md lists every shared environment variable, and every variable of the MCP server under its own heading', () => {
    const shared = section('docs/configuration.md', 'Shared variables and the config file');
    for (const name of Object.keys(CLIENT_ENV_VARS)) expect(shared).toContain(`\`${name}\``);
    const server = section('docs/configuration.md', 'MCP server variables');
    for (const name of Object.keys(ENV_VARS).filter((name) => !(name in CLIENT_ENV_VARS)))
      expect(server).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('docs/cli.md lists every exit code', () => {
    const table = section('docs/cli.md', 'Exit codes');
    for (const [code] of EXIT_CODE_HELP) expect(table).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
