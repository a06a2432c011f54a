import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';
import { VIDEO_KEY_PATTERN, type VideoStorage } from './video-storage.js';

/** Videos in a local folder, served by the gateway itself at `<base URL>/videos/<key>`. */
export class FolderStorage implements VideoStorage {
  readonly kind = 'folder';

  constructor(
    readonly root: string,
    private readonly baseUrl: () => string,
  ) {}

  async put(key: string, filePath: string): Promise<void> {
    const destination = this.pathOf(key);
    await mkdir(path.dirname(destination), { recursive: true });
    // Copied under a temporary name and renamed, so a reader never sees half a video.
    const partial = `${destination}.partial`;
    await copyFile(filePath, partial);
    await rename(partial, destination).catch(async (error: unknown) => {
      await rm(partial, { force: true });
      throw error;
    });
  }

  async urlFor(key: string): Promise<string> {
    return `${this.baseUrl()}/videos/${key}`;
  }

  /** The stored file for a served key, or undefined when there is none. */
  async open(key: string): Promise<{ stream: ReadStream; bytes: number } | undefined> {
    if (!VIDEO_KEY_PATTERN.test(key)) return undefined;
    const file = this.pathOf(key);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { stream: createReadStream(file), bytes: info.size };
  }

  private pathOf(key: string): string {
    if (!VIDEO_KEY_PATTERN.test(key)) throw new Error('not a video key');
    return path.join(this.root, ...key.split('/'));
  }
}
