import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostHeaderValidation, localhostHostValidation, localhostOriginValidation, originValidation } from '@modelcontextprotocol/node';
import { isLoopback } from '../core/node.js';

type Guard = (req: IncomingMessage, res: ServerResponse) => boolean;

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * DNS-rebinding protection for the MCP endpoint. On loopback: only localhost `Host` and `Origin`.
 * On another address: the bound name and the public URL's host (the `Host` check is left to the
 * bearer token when bound to every address, since any name may lead there).
 */
export function hostGuards(host: string, publicUrl: string | undefined): Guard[] {
  if (isLoopback(host)) return [localhostHostValidation(), localhostOriginValidation()];
  const names = [...LOCAL_NAMES, ...(isWildcard(host) ? [] : [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host])];
  if (publicUrl !== undefined) names.push(new URL(publicUrl).hostname);
  return [...(isWildcard(host) ? [] : [hostHeaderValidation(names)]), originValidation(names)];
}

/** Checks `Authorization: Bearer <token>` in constant time; answers 401 itself when it fails. */
export function bearerGuard(token: string | undefined): Guard {
  if (token === undefined) return () => true;
  const expected = digest(token);
  return (req, res) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest((match[1] as string).trim()), expected)) return true;
    res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="kling-mcp"' });
    res.end(
      JSON.stringify({
        jsonrpc: '2.0',
        error: { code: -32001, message: 'Unauthorized: send Authorization: Bearer <KLING_MCP_TOKEN>' },
        id: null,
      }),
    );
    return false;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
