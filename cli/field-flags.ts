/**
 * The command line's name for each request field the core names in its errors (`firstFrame` is
 * `--image` here), so that a message speaks of what the person typed. Fields without a flag keep
 * the core's name.
 */
const FIELD_FLAGS: Readonly<Record<string, string>> = {
  model: '--model',
  product: '--product',
  prompt: 'the prompt',
  firstFrame: '--image',
  lastFrame: '--end-image',
  resolution: '--resolution',
  duration: '--duration',
  audio: '--audio',
  aspectRatio: '--aspect',
  negativePrompt: '--negative-prompt',
  watermark: '--watermark',
  externalTaskId: '--external-id',
  callbackUrl: '--callback-url',
};

export function flagOfField(field: string): string {
  return Object.hasOwn(FIELD_FLAGS, field) ? (FIELD_FLAGS[field] as string) : field;
}

/** A core message that starts with its field (`duration: 12 is not allowed …`), with the flag instead. */
export function inFlagTerms(message: string, field: string): string {
  const flag = flagOfField(field);
  return flag !== field && message.startsWith(`${field}: `) ? `${flag}: ${message.slice(field.length + 2)}` : message;
}
