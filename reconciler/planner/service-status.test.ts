// desiredServiceStatus writes its annotation keys as literals (an object literal with constant
// keys is far cheaper to create than one with computed keys): they must stay the keys gitlb
// declares it writes, in sorted order (the plan's JSON is printed as built).
import { describe, expect, it } from 'vitest';
import { allocateServices } from './ipam.js';
import { desiredServiceStatus } from './service-status.js';
import { WRITTEN_ANNOTATION_KEYS } from './service-annotations.js';
import { basicDesired, service } from './test-builders.js';

describe('desiredServiceStatus', () => {
  it('writes exactly WRITTEN_ANNOTATION_KEYS, in sorted order', () => {
    const ipam = allocateServices(basicDesired(), [service('default/web', { annotations: { 'gitlb.io/service-group': 'remote' } })]);
    const a = ipam.allocations[0]!;
    expect(a.addresses.length).toBe(1);
    const value = desiredServiceStatus(a, ['*,kube-lb0,10.200.0.0']);
    expect(Object.keys(value!.annotations)).toEqual([...WRITTEN_ANNOTATION_KEYS]);
    expect(Object.keys(value!.annotations)).toEqual(Object.keys(value!.annotations).sort());
  });
});
