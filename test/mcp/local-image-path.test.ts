import { describe, expect, it } from 'vitest';
import { isLocalImagePath } from '../../core/request/local-image.js';
import { png } from '../unit/images.js';

describe('isLocalImagePath', () => {
  it.each([
    '/home/me/cat.png',
    './frames/first.jpg',
    '../up/one.jpeg',
    '~/Pictures/cat.png',
    'file:///tmp/cat.png',
    'C:\\Users\\me\\cat.png',
    'cat.png',
    'frames/first.JPG',
  ])('takes %s for a local file', (value) => {
    expect(isLocalImagePath(value)).toBe(true);
  });

  it.each([
    'https://example.com/cat.png',
    'http://example.com/a/b.jpg',
    png(320, 320).toString('base64'),
    `/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD${'A'.repeat(40)}`,
    'data:image/png;base64,iVBORw0KGgo=',
    'a picture of a cat.png',
  ])('does not take %s for a local file', (value) => {
    expect(isLocalImagePath(value)).toBe(false);
  });
});
