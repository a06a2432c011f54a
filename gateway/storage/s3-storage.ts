import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { S3StorageConfig } from '../config.js';
import type { VideoStorage } from './video-storage.js';

import type * as S3Sdk from '@aws-sdk/client-s3';
import type * as Presigner from '@aws-sdk/s3-request-presigner';

type S3Module = typeof S3Sdk;
type PresignerModule = typeof Presigner;

/**
 * Videos in an S3-compatible bucket, through the AWS SDK v3 (an optional dependency, loaded only
 * when this storage is configured). Reads get presigned URLs, or `publicBaseUrl/<key>` for a
 * public bucket or CDN.
 */
export class S3Storage implements VideoStorage {
  readonly kind = 's3';

  private constructor(
    private readonly config: S3StorageConfig,
    private readonly sdk: S3Module,
    private readonly presigner: PresignerModule,
    private readonly client: InstanceType<S3Module['S3Client']>,
  ) {}

  static async open(config: S3StorageConfig): Promise<S3Storage> {
    let sdk: S3Module;
    let presigner: PresignerModule;
    try {
      [sdk, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
    } catch {
      throw new Error('S3 storage needs the AWS SDK: npm install @aws-sdk/client-s3 @aws-sdk/s3-request-presigner');
    }
    const client = new sdk.S3Client({
      region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
      ...(config.forcePathStyle !== undefined && { forcePathStyle: config.forcePathStyle }),
      ...(config.accessKeyId !== undefined && {
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey as string },
      }),
      // Checksums only where S3 requires them: most S3-compatible services reject the newer
      // default (aws-chunked uploads with trailing CRC32 checksums).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3Storage(config, sdk, presigner, client);
  }

  async put(key: string, filePath: string, signal?: AbortSignal): Promise<void> {
    const { size } = await stat(filePath);
    await this.client.send(
      new this.sdk.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(filePath),
        ContentLength: size,
        ContentType: 'video/mp4',
      }),
      { abortSignal: signal },
    );
  }

  async urlFor(key: string): Promise<string> {
    if (this.config.publicBaseUrl !== undefined) return `${this.config.publicBaseUrl.replace(/\/+$/, '')}/${this.objectKey(key)}`;
    return this.presigner.getSignedUrl(
      this.client,
      new this.sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }),
      {
        expiresIn: this.config.urlExpiresSeconds,
      },
    );
  }

  /** Whether the bucket answers with these credentials (for /readyz). */
  async check(): Promise<void> {
    await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.config.bucket }));
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    const prefix = this.config.prefix.replace(/^\/+|\/+$/g, '');
    return prefix === '' ? key : `${prefix}/${key}`;
  }
}
