import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { eventually, gateway, kling, newStandardBody, token, upstream, type KlingAnswer, type TestGateway } from './helpers.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, s3Server } from './s3-server.js';

async function bytesOf(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Creates a task and waits until it reads as succeeded (which it does once its videos are stored). */
async function finishedTask(gw: TestGateway, secret: string, externalTaskId: string): Promise<KlingAnswer> {
  const created = await kling(gw.url, secret, 'POST', '/text-to-video/kling-3.0-turbo', newStandardBody(externalTaskId));
  return eventually(
    () => kling(gw.url, secret, 'GET', `/tasks?task_ids=${created.body.data.id}`),
    (answer) => answer.body.data?.[0]?.status === 'succeeded',
    'the task succeeds with its video stored',
  );
}

describe('gateway: storage of finished videos', () => {
  let box: Sandbox | undefined;
  let gw: TestGateway | undefined;
  let s3: Awaited<ReturnType<typeof s3Server>> | undefined;

  afterEach(async () => {
    await gw?.close();
    await box?.stop();
    await s3?.stop();
    gw = undefined;
    s3 = undefined;
  });

  it("copies each finished video into the folder and serves the copy at the URL reads return, byte for byte Kling's", async () => {
    box = await upstream();
    const alice = token('alice');
    gw = await gateway(box, [alice]);
    const read = await finishedTask(gw, alice.secret, 'folder-1');
    const output = read.body.data[0].outputs[0];
    expect(output.url).toMatch(new RegExp(`^${gw.url}/videos/alice/${read.body.data[0].id}/[0-9a-f]{32}-${output.id}\\.mp4$`));
    const stored = await bytesOf(output.url);
    const original = await bytesOf(`${box.url}/files/${output.id}.mp4`);
    expect(stored.status).toBe(200);
    expect(stored.type).toBe('video/mp4');
    expect(stored.bytes.length).toBeGreaterThan(1000);
    expect(stored.bytes.equals(original.bytes)).toBe(true);
    const key = output.url.slice(`${gw.url}/videos/`.length);
    expect(existsSync(path.join(gw.dataDir, 'videos', ...key.split('/')))).toBe(true);
    // Only keys the gateway made are served: no way out of the folder.
    for (const probe of [
      '/videos/../audit/alice.jsonl',
      '/videos/alice/%2e%2e/%2e%2e/audit/alice.jsonl',
      `/videos/alice/${read.body.data[0].id}/${'0'.repeat(32)}-x.mp4`,
    ]) {
      expect((await fetch(`${gw.url}${probe}`)).status).toBe(404);
    }
  });

  it('copies each finished video into an S3-compatible bucket through the AWS SDK, and reads return a presigned URL of the copy', async () => {
    box = await upstream();
    s3 = await s3Server('kling-videos');
    const alice = token('alice');
    gw = await gateway(box, [alice], {
      storage: {
        type: 's3',
        bucket: 'kling-videos',
        prefix: 'team-a',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        accessKeyId: S3_ACCESS_KEY,
        secretAccessKey: S3_SECRET_KEY,
        urlExpiresSeconds: 3600,
      },
    });
    const read = await finishedTask(gw, alice.secret, 's3-1');
    const output = read.body.data[0].outputs[0];
    const url = new URL(output.url);
    expect(url.origin).toBe(s3.endpoint);
    expect(url.pathname).toMatch(new RegExp(`^/kling-videos/team-a/alice/${read.body.data[0].id}/[0-9a-f]{32}-${output.id}\\.mp4$`));
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    const stored = await bytesOf(output.url);
    const original = await bytesOf(`${box.url}/files/${output.id}.mp4`);
    expect(stored.status).toBe(200);
    expect(stored.bytes.equals(original.bytes)).toBe(true);
    // The object is in the bucket, under the prefix.
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'kling-videos', Prefix: 'team-a/alice/' }));
    client.destroy();
    expect(listed.Contents?.map((object) => object.Key)).toEqual([url.pathname.slice('/kling-videos/'.length)]);
    expect(listed.Contents?.[0]?.Size).toBe(original.bytes.length);
    // The URL was made with the configured credentials: another access key is not accepted.
    url.searchParams.set('X-Amz-Credential', (url.searchParams.get('X-Amz-Credential') ?? '').replace(S3_ACCESS_KEY, 'NOT-A-KEY'));
    expect((await fetch(url)).status).toBe(403);
  });
});
