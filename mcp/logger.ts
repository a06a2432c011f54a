import type { Logger } from '../core/index.js';
import type { LogLevel } from './config.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger that writes one line per message to stderr: stdout carries only protocol messages.
 * Callers never pass secrets (the core redacts its own lines before they get here).
 */
export function stderrLogger(minimum: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return (level, message, fields) => {
    if (RANK[level] < RANK[minimum]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    write(`kling-mcp ${level}: ${message}${extra}\n`);
  };
}
