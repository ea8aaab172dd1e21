import { redactUrl } from './redact.js';

describe('redactUrl', () => {
  it('hides credentials and drops the path', () => {
    expect(redactUrl('redis://:secret@cache.internal:6380/2')).toBe(
      'redis://***@cache.internal:6380',
    );
    expect(redactUrl('rediss://user:secret@h')).toBe('rediss://***@h:6379');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url secret')).toBe('redis://***');
  });
});
