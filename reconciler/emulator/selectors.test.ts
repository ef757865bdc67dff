import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';

const labels = { app: 'web', tier: 'front', 'gitlb.io/node': 'a' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db, cache)', true],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier in (front,back),!missing', true],
    ['app=web,tier=back', false],
    ['gitlb.io/node=a', true],
    ['app=', false],
  ])('%s -> %s', (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects malformed selectors with 400', () => {
    for (const bad of ['app=web,,x', 'a b', '=x', 'in (a)']) {
      const err = (() => {
        try {
          parseLabelSelector(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, bad).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
    }
  });
});

describe('field selectors', () => {
  const o = { metadata: { name: 'web', namespace: 'prod' }, spec: { type: 'LoadBalancer' } };
  it('matches metadata.name and metadata.namespace with = == !=', () => {
    const supported = ['metadata.name', 'metadata.namespace', 'spec.type'];
    expect(matchesFields(parseFieldSelector('metadata.name=web', supported), o)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name==db', supported), o)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace!=prod', supported), o)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.name=web,spec.type=LoadBalancer', supported), o)).toBe(true);
  });

  it('refuses unsupported fields like the real server', () => {
    expect(() => parseFieldSelector('spec.foo=x', ['metadata.name'])).toThrowError('field label not supported: spec.foo');
  });
});
