// Raw API objects → state-file items and an ObservedState: kind and apiVersion added, managed
// fields dropped, Leases judged, malformed objects named.
import { describe, expect, it } from 'vitest';
import { asStateItem, assembleLive } from './live-objects.js';
import { DEFAULT_LEASES, STATE_RESOURCES } from './live-resources.js';

const [services, , nodes] = STATE_RESOURCES;

describe('asStateItem', () => {
  it('adds apiVersion and kind first, drops managedFields, keeps the rest as sent', () => {
    const item = asStateItem({ metadata: { name: 'web', namespace: 'default', managedFields: [{ manager: 'x' }] }, spec: { type: 'LoadBalancer' }, status: {} }, services!);
    expect(item).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: {} });
    expect(Object.keys(item)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });
});

describe('assembleLive', () => {
  const node = (name: string) => asStateItem({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } }, nodes!);

  it('judges each node\'s Lease at the given time', () => {
    const leases = [{ metadata: { name: 'gitlb-agent-a' }, spec: { renewTime: '2026-11-25T10:00:00.000000Z', leaseDurationSeconds: 10 } }];
    const at = (iso: string) => {
      const r = assembleLive([node('a'), node('b')], leases, DEFAULT_LEASES, new Date(iso));
      if (!r.ok) throw new Error(r.errors.join());
      return r.observed.nodes.map((n) => n.leaseFresh);
    };
    expect(at('2026-11-25T10:00:05Z')).toEqual([true, false]);
    expect(at('2026-11-25T10:00:11Z')).toEqual([false, false]);
  });

  it('names malformed objects instead of planning from them', () => {
    const bad = asStateItem({ metadata: { name: 'x', namespace: 'shop' }, spec: { ports: 80 } }, services!);
    expect(assembleLive([bad], [], DEFAULT_LEASES, new Date())).toEqual({ ok: false, errors: ['Service shop/x: spec.ports must be a list'] });
  });
});
