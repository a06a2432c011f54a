import { request as httpRequest } from 'node:http';

/**
 * One 2026-07-28 JSON-RPC request over Streamable HTTP, as a tasks-capable host sends it: the
 * official client rejects a `resultType: "task"` answer to tools/call (the ext-tasks requester
 * needs a host-owned raw dispatch for it), so the task-creating call is sent here by hand, with
 * the per-request `_meta` envelope and the routing headers the spec requires.
 */
let nextId = 1;

export const TASKS_CAPABILITY = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

export interface RpcAnswer {
  status: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export function modernRequest(
  url: string,
  method: string,
  params: Record<string, unknown>,
  capabilities: Record<string, unknown> = {},
): Promise<RpcAnswer> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: nextId++,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'tasks-host', version: '1.0.0' },
        'io.modelcontextprotocol/clientCapabilities': capabilities,
      },
    },
  });
  const name = method === 'tools/call' ? params.name : method.startsWith('tasks/') ? params.taskId : undefined;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(typeof name === 'string' && { 'mcp-name': name }),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        // A JSON body, or an SSE stream whose last data line is the response.
        const json = res.headers['content-type']?.includes('text/event-stream')
          ? (text
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => JSON.parse(line.slice(5)))
              .find((message) => 'result' in message || 'error' in message) ?? {})
          : text === ''
            ? {}
            : JSON.parse(text);
        resolve({
          status: res.statusCode ?? 0,
          ...(json.result !== undefined && { result: json.result }),
          ...(json.error !== undefined && { error: json.error }),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
