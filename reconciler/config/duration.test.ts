import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['1s', 1000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['0.1s', 100],
    ['300000us', 300],
    ['1500µs', 1.5],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '500 ms', 'fast', '-1s', '1d', 's', '1.s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
