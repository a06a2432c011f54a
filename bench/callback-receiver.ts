import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `client.ingestCallback` answers (at once, or as a promise when it confirms with the API). */
type IngestOutcome = { accepted: true } | { accepted: false; status: number };

export interface CallbackReceiver {
  readonly url: string;
  /** Callbacks the client refused (a bad body or signature, or one it could not confirm): 0 in a sound run. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * The client process's callback endpoint, as an application would run it: a loopback HTTP server
 * that hands each raw body and its headers to `client.ingestCallback` and answers as it says.
 */
export async function startCallbackReceiver(
  ingest: (rawBody: Uint8Array, headers: IncomingHttpHeaders) => IngestOutcome | Promise<IngestOutcome>,
): Promise<CallbackReceiver> {
  let refused = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const result = await ingest(Buffer.concat(chunks), request.headers);
      if (!result.accepted) refused += 1;
      response.writeHead(result.accepted ? 204 : result.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kling/callback`,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
