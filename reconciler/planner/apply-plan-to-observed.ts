// The world after a plan is applied and every agent has converged, as an ObservedState: what
// the emulator, the what-if preview and the "planning the planned world changes nothing"
// property all need. Pure: a model of apply and of the agents, not either of them.
import type { NodeAnnouncement, NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement, SharedAnnouncementSpec } from '../config/generated/sharedannouncement.generated.js';
import type { AgentReport, ObservedNode, ObservedState } from '../cluster/observed.js';
import type { Plan } from './plan.js';
import { applyServiceStatus, type ServiceStatusValue } from './service-status.js';
import { cidrContains, compareText, parseAddr, parseCidr } from './ip-math.js';

/** Applies the plan's changes to the observed state and lets every reporting agent converge on its planned addresses. */
export function applyPlanToObserved(plan: Plan, observed: ObservedState): ObservedState {
  const byTarget = new Map(plan.changes.map((c) => [c.target, c]));
  const services = observed.services.map((s) => {
    const c = byTarget.get(`Service/${s.namespace}/${s.name}`);
    return c ? applyServiceStatus(s, c.after as ServiceStatusValue) : s;
  });

  const nas = new Map(observed.nodeAnnouncements.map((na) => [na.metadata.name, na]));
  const sas = new Map(observed.sharedAnnouncements.map((sa) => [sa.metadata.name, sa]));
  for (const c of plan.changes) {
    const [kind, , name = ''] = c.target.split('/');
    if (kind === 'NodeAnnouncement') {
      if (c.action === 'delete') nas.delete(name);
      else {
        const prev = nas.get(name);
        const generation = (prev?.metadata.generation ?? 0) + 1;
        const na: NodeAnnouncement = { apiVersion: 'gitlb.io/v1', kind: 'NodeAnnouncement', metadata: { ...(prev?.metadata ?? {}), name, generation }, spec: c.after as NodeAnnouncementSpec };
        if (prev?.status) na.status = prev.status;
        nas.set(name, na);
      }
    } else if (kind === 'SharedAnnouncement') {
      if (c.action === 'delete') sas.delete(name);
      else sas.set(name, { apiVersion: 'gitlb.io/v1', kind: 'SharedAnnouncement', metadata: { ...(sas.get(name)?.metadata ?? {}), name }, spec: c.after as SharedAnnouncementSpec });
    }
  }

  const shared = plan.planned.shared.map((a) => `${a.address}/${a.prefixLength}`);
  const plannedByNode = new Map(plan.planned.nodes.map((n) => [n.node, n]));
  const nodes: ObservedNode[] = observed.nodes.map((n) => {
    const planned = plannedByNode.get(n.name);
    const na = nas.get(n.name);
    if (!n.agent || !planned || !na) return n;
    const agent = convergedReport(n, n.agent, na.spec, planned.addresses, planned.eligible ? shared : []);
    const status = { ...(na.status ?? {}), observedGeneration: na.metadata.generation ?? 0, interfaces: agent.interfaces };
    nas.set(n.name, { ...na, status });
    return { ...n, agent: { ...agent, observedGeneration: na.metadata.generation ?? null } };
  });

  return {
    services,
    readyEndpointNodes: observed.readyEndpointNodes,
    nodes,
    nodeAnnouncements: [...nas.values()].sort((a, b) => compareText(a.metadata.name, b.metadata.name)),
    sharedAnnouncements: [...sas.values()].sort((a: SharedAnnouncement, b: SharedAnnouncement) => compareText(a.metadata.name, b.metadata.name)),
  };
}

/** What a converged agent reports: managed addresses replaced by the planned ones, the node's own kept. */
function convergedReport(
  node: ObservedNode,
  report: AgentReport,
  spec: NodeAnnouncementSpec,
  own: Array<{ address: string; prefixLength: number; interface: string; kind: 'local' | 'remote' }>,
  shared: string[],
): AgentReport {
  const managed = spec.managedRanges.map(parseCidr).filter((c) => c !== null);
  const isManaged = (text: string): boolean => {
    const ip = parseAddr(text.split('/')[0] ?? '');
    if (!ip || node.internalIPs.includes(ip.text)) return false;
    return managed.some((c) => cidrContains(c, ip));
  };
  const localNames = report.interfaces.filter((i) => i.role === 'local').map((i) => i.name);
  const interfaces = report.interfaces.map((itf) => {
    if (itf.role === 'dummy') {
      return { ...itf, addresses: [...own.filter((a) => a.kind === 'remote').map((a) => `${a.address}/${a.prefixLength}`), ...shared] };
    }
    if (itf.role !== 'local') return { ...itf, addresses: [...itf.addresses] };
    // A local address planned on an interface the agent does not have by that name goes on its first local one.
    const mine = own.filter((a) => a.kind === 'local' && (a.interface === itf.name || (!localNames.includes(a.interface) && itf.name === localNames[0])));
    return { ...itf, addresses: [...itf.addresses.filter((a) => !isManaged(a)), ...mine.map((a) => `${a.address}/${a.prefixLength}`)] };
  });
  return { ...report, interfaces };
}
