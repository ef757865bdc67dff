// The promise of a MetalLB migration: import the MetalLB config, annotate the Services as
// docs/migration.md says (`gitlb import metallb-services`), plan against the cluster MetalLB
// served, and every Service keeps the address MetalLB's status shows. Without the annotations
// the planner owes nothing to MetalLB's allocations, and this test shows what moves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ObservedState } from '../../reconciler/cluster/observed.js';
import { parseStateFile } from '../../reconciler/cluster/state-file.js';
import { validateSources } from '../../reconciler/config/validate-sources.js';
import { importMetallb } from '../../reconciler/import/metallb/import-metallb.js';
import { migrateServiceAnnotations } from '../../reconciler/import/metallb/migrate-service-annotations.js';
import { readServices } from '../../reconciler/import/metallb/read-services.js';
import { renderImportedYaml } from '../../reconciler/import/render-imported.js';
import { plan } from '../../reconciler/planner/plan.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (f: string): string => readFileSync(path.join(root, 'test/fixtures/metallb', f), 'utf8');

function importedDesired() {
  const imported = importMetallb([{ file: 'metallb-config.yaml', text: fixture('metallb-config.yaml') }], { nodeSubnets: ['192.168.10.0/24', 'fd00:10::/64'] });
  expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const loaded = validateSources([{ file: 'gitlb.yaml', text: renderImportedYaml(imported.objects, { schemaBase: '.' }) }], { revision: 'sha256:import', strict: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.value;
}

function metallbCluster(): ObservedState {
  const state = parseStateFile(fixture('cluster-state.yaml'), 'cluster-state.yaml');
  if (!state.ok) throw new Error(JSON.stringify(state.diagnostics));
  return state.value;
}

/** The cluster after running the printed `kubectl annotate` commands (computed from the Services with all their annotations). */
function annotated(observed: ObservedState): ObservedState {
  const all = readServices(fixture('cluster-state.yaml'), 'cluster-state.yaml');
  expect(all.diagnostics).toEqual([]);
  const byKey = new Map(migrateServiceAnnotations(all.services).map((m) => [`${m.namespace}/${m.name}`, m.annotations]));
  return { ...observed, services: observed.services.map((s) => ({ ...s, annotations: { ...s.annotations, ...byKey.get(`${s.namespace}/${s.name}`) } })) };
}

const metallbAddresses = (o: ObservedState): Record<string, string[]> => Object.fromEntries(o.services.map((s) => [`${s.namespace}/${s.name}`, s.ingress]));

describe('migrating from MetalLB', () => {
  const desired = importedDesired();
  const before = metallbCluster();

  it('the state file holds the addresses MetalLB allocated', () => {
    expect(metallbAddresses(before)).toEqual({
      'default/grafana': ['192.168.10.240'],
      'default/web': ['192.168.10.245'],
      'kube-system/dns-tcp': ['192.168.10.250'],
      'kube-system/dns-udp': ['192.168.10.250'],
      'shop/storefront': ['203.0.113.9'],
      'web/landing': ['203.0.113.2'],
    });
  });

  it('after the migration annotations, every Service keeps its MetalLB address, in the group named after its pool', () => {
    const p = plan(desired, annotated(before));
    const planned = Object.fromEntries(p.planned.services.map((s) => [`${s.namespace}/${s.name}`, s.addresses]));
    expect(planned).toEqual(metallbAddresses(before));
    expect(p.planned.services.map((s) => `${s.namespace}/${s.name}:${s.group}:${s.poolType}`)).toEqual([
      'default/grafana:default:local',
      'default/web:default:local',
      'kube-system/dns-tcp:default:local',
      'kube-system/dns-udp:default:local',
      'shop/storefront:public:remote',
      'web/landing:public:remote',
    ]);
    // Nothing the plan does to the Services is disruptive: only gitlb's own annotations are written.
    expect(p.changes.filter((c) => c.target.startsWith('Service/') && c.disruptive)).toEqual([]);
  });

  it('without them, the planner allocates afresh: addresses move and the BGP pool is not even used', () => {
    const p = plan(desired, before);
    const planned = Object.fromEntries(p.planned.services.map((s) => [`${s.namespace}/${s.name}`, s.addresses]));
    expect(planned['default/web']).toEqual(['192.168.10.240']);
    expect(planned['default/web']).not.toEqual(metallbAddresses(before)['default/web']);
    expect(p.planned.services.find((s) => s.name === 'storefront')?.group).toBe('default');
  });
});
