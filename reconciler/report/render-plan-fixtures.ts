// Plans for renderer tests: a busy one (every kind of change, a warning, drift, a disruptive
// re-address, dual-stack) built from planner test builders, and the shipped example's.
import { loadConfig } from '../config/load.js';
import { readStateFile } from '../cluster/state-file.js';
import { applyPlanToObserved } from '../planner/apply-plan-to-observed.js';
import { plan, type Plan } from '../planner/plan.js';
import { allocatedService, basicDesired, basicNodes, observed, service } from '../planner/test-builders.js';

/** A plan with creates, updates, a disruptive re-address, a shard, warnings and drift. */
export function busyPlan(): Plan {
  const d = basicDesired({
    bgp: { name: 'default', asn: 64512, routerID: null, neighbors: [{ address: '192.168.10.1', peerASN: 64500, nodeSelector: null, holdTime: 9, keepaliveTime: 3, ebgpMultihop: null, bfd: null, passwordSecretRef: null, loc: { file: 'bgp.yaml', line: 1, col: 1 } }] },
  });
  const start = observed({ nodes: basicNodes(), services: [service('default/web'), service('default/api', { annotations: { 'gitlb.io/service-group': 'remote' } })] });
  const world = applyPlanToObserved(plan(d, start), start);
  // Drift on node-a: an address the agent holds but was never told to.
  world.nodes = world.nodes.map((n) => (n.name === 'node-a' ? { ...n, agent: { ...n.agent!, interfaces: n.agent!.interfaces.map((i) => (i.role === 'local' ? { ...i, addresses: [...i.addresses, '192.168.10.250/24'] } : i)) } } : n));
  world.services = [
    ...world.services,
    allocatedService('shop/old', ['192.168.10.7']),
    service('shop/refused', { loadBalancerIP: '172.16.0.1' }),
    service('shop/second', { annotations: { 'gitlb.io/service-group': 'remote' } }),
  ].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  return plan(d, world);
}

/** The plan of an example (examples/NAME) against its state file. */
export async function examplePlan(name = 'basic'): Promise<Plan> {
  const config = await loadConfig([`examples/${name}`]);
  if (!config.ok) throw new Error(`examples/${name} does not load: ${JSON.stringify(config.diagnostics)}`);
  const state = await readStateFile(`examples/${name}/cluster-state.yaml`);
  if (!state.ok) throw new Error(`cluster-state.yaml does not read: ${JSON.stringify(state.diagnostics)}`);
  return plan(config.value, state.value);
}
