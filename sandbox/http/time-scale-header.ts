/**
 * The response header that tells clients the sandbox's time scale (e.g. `0.05`: a model that takes
 * 35 s at Kling takes 1.75 s here), on every reply. A client pointed at a sandbox reads it and
 * polls on the sandbox's clock without being told; Kling itself never sends it.
 */
export const TIME_SCALE_HEADER = 'x-kling-sandbox-time-scale';
