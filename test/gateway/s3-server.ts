import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials: it refuses other access keys (it does not recompute SigV4 signatures). */
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

/**
 * A local S3-compatible server on a free loopback port, with one empty bucket: s3rver, a Node
 * implementation of S3's REST API (PUT/GET/HEAD/List, presigned query authentication, access keys)
 * installed from npm and run in the test process: no binary download, no container.
 */
export async function s3Server(bucket: string): Promise<{ endpoint: string; directory: string; stop(): Promise<void> }> {
  const directory = mkdtempSync(path.join(tmpdir(), 'kling-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
