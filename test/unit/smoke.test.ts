import { describe, expect, it } from 'vitest';
import { encode, estimate, validate } from '../../core/index.js';

describe('foundation smoke', () => {
  it('validates, encodes and prices the live kling-3.0-turbo bill', () => {
    const request = validate({ model: 'kling-3.0-turbo', prompt: 'a paper boat', duration: 3 });
    expect(encode(request, 'new').path).toBe('/text-to-video/kling-3.0-turbo');
    expect(estimate(request).units).toBe(2.4);
  });
});
