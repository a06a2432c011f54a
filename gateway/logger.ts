import { Redactor, type Logger } from '../core/index.js';
import type { LogLevel } from './config.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One line per message on stderr (`kling-gateway <level>: <message> {fields}`). Every line passes
 * through a redactor that knows the gateway's secrets, a last line of defence: the code never logs
 * a secret on purpose, but an upstream server or library may echo one.
 */
export function gatewayLogger(minimum: LogLevel, secrets: readonly (string | undefined)[], write: (line: string) => void): Logger {
  const redactor = new Redactor(secrets);
  return (level, message, fields) => {
    if (RANK[level] < RANK[minimum]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    write(redactor.text(`kling-gateway ${level}: ${message}${extra}\n`));
  };
}
