import { describe, expect, it } from 'vitest';
import type { ObservedService } from '../../cluster/observed.js';
import { migrateServiceAnnotations, renderAnnotateScript } from './migrate-service-annotations.js';

function svc(name: string, over: Partial<ObservedService> = {}): ObservedService {
  return {
    namespace: 'default', name, uid: null, resourceVersion: null, creationTimestamp: '2026-01-01T00:00:00Z', type: 'LoadBalancer', loadBalancerClass: null,
    externalTrafficPolicy: 'Cluster', ipFamilies: [4], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, protocol: 'TCP' }], loadBalancerIP: null,
    annotations: {}, ingress: [], ...over,
  };
}

describe('migrateServiceAnnotations', () => {
  it('maps each MetalLB annotation (both prefixes) to its gitlb form', () => {
    const out = migrateServiceAnnotations([
      svc('a', { annotations: { 'metallb.universe.tf/address-pool': 'public', 'metallb.universe.tf/ip-allocated-from-pool': 'public' }, ingress: ['203.0.113.9'] }),
      svc('b', { annotations: { 'metallb.io/loadBalancerIPs': '192.168.10.250', 'metallb.io/allow-shared-ip': 'dns', 'metallb.io/ip-allocated-from-pool': 'default' }, ingress: ['192.168.10.250'] }),
      svc('c', { externalTrafficPolicy: 'Local', annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'lan' }, ingress: ['192.168.10.7'] }),
    ]);
    expect(out).toEqual([
      { namespace: 'default', name: 'a', annotations: { 'gitlb.io/allocated-from': 'public', 'gitlb.io/service-group': 'public' }, notes: [] },
      { namespace: 'default', name: 'b', annotations: { 'gitlb.io/addresses': '192.168.10.250', 'gitlb.io/allocated-from': 'default', 'gitlb.io/allow-shared-ip': 'dns' }, notes: [] },
      { namespace: 'default', name: 'c', annotations: { 'gitlb.io/allocated-from': 'lan', 'gitlb.io/allow-local': 'true', 'gitlb.io/service-group': 'lan' }, notes: [] },
    ]);
  });

  it('is idempotent: annotations already set are not repeated, and a migrated Service drops out', () => {
    const migrated = svc('a', { annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'public', 'gitlb.io/service-group': 'public', 'gitlb.io/allocated-from': 'public' }, ingress: ['203.0.113.9'] });
    expect(migrateServiceAnnotations([migrated])).toEqual([]);
  });

  it('skips other controllers\' Services and other types; notes what annotations cannot fix', () => {
    const out = migrateServiceAnnotations(
      [
        svc('other', { loadBalancerClass: 'example.com/lb' }),
        svc('cluster-ip', { type: 'ClusterIP' }),
        svc('classy', { loadBalancerClass: 'metallb.io/metallb', annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'default' }, ingress: ['192.168.10.241'] }),
        svc('orphan', { ingress: ['192.168.10.242'] }),
      ],
      'metallb.io/metallb',
    );
    expect(out.map((m) => [m.name, m.notes.length])).toEqual([['classy', 1], ['orphan', 1]]);
    expect(out[1]!.notes[0]).toContain('gitlb will allocate anew unless gitlb.io/addresses pins it');
  });

  it('renders kubectl annotate commands, quoting what the shell would split', () => {
    const script = renderAnnotateScript([{ namespace: 'ns', name: 'web', annotations: { 'gitlb.io/addresses': '10.0.0.1, 10.0.0.2' }, notes: ['a note'] }]);
    expect(script).toBe("# ns/web: a note\nkubectl annotate --overwrite -n ns service web 'gitlb.io/addresses=10.0.0.1, 10.0.0.2'\n");
  });
});
