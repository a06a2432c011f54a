/** Where the file route serves a task's result: absolute, on the sandbox's own base URL. */
export function videoUrl(baseUrl: string, videoId: string): string {
  return `${baseUrl}/files/${videoId}.mp4`;
}

export function watermarkedVideoUrl(baseUrl: string, videoId: string): string {
  return `${baseUrl}/files/${videoId}-watermarked.mp4`;
}

/** The video id in a file route's file name, undefined when it is not one of ours. */
export function videoIdOfFile(fileName: string): string | undefined {
  return /^(\d{18})(?:-watermarked)?\.mp4$/.exec(fileName)?.[1];
}
