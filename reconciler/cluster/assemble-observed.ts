// Builds the ObservedState from decoded objects: joins each Node with its agent's report (the
// status of its NodeAnnouncement), folds EndpointSlices into ready nodes per Service, and sorts
// everything so the result never depends on the order objects were read in.
import type { NodeAnnouncement } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../config/generated/sharedannouncement.generated.js';
import { compareText } from '../planner/ip-math.js';
import type { DecodedObject } from './decode-objects.js';
import type { AgentReport, ObservedNode, ObservedService, ObservedState } from './observed.js';

/** Assembles decoded objects into a sorted ObservedState (later duplicates replace earlier ones). */
export function assembleObserved(objects: DecodedObject[]): ObservedState {
  const services = new Map<string, ObservedService>();
  const ready = new Map<string, Set<string>>();
  const nodes = new Map<string, Omit<ObservedNode, 'agent' | 'leaseFresh'>>();
  const nas = new Map<string, NodeAnnouncement>();
  const sas = new Map<string, SharedAnnouncement>();
  for (const o of objects) {
    switch (o.kind) {
      case 'Service':
        services.set(`${o.value.namespace}/${o.value.name}`, o.value);
        break;
      case 'EndpointSlice': {
        if (o.value.service === '') break;
        const key = `${o.value.namespace}/${o.value.service}`;
        let set = ready.get(key);
        if (!set) ready.set(key, (set = new Set()));
        for (const n of o.value.readyNodes) set.add(n);
        break;
      }
      case 'Node':
        nodes.set(o.value.name, o.value);
        break;
      case 'NodeAnnouncement':
        nas.set(o.value.metadata.name, o.value);
        break;
      case 'SharedAnnouncement':
        sas.set(o.value.metadata.name, o.value);
        break;
    }
  }
  const readyEndpointNodes: Record<string, string[]> = {};
  for (const key of [...ready.keys()].sort(compareText)) {
    const list = [...(ready.get(key) ?? [])].sort(compareText);
    if (list.length > 0) readyEndpointNodes[key] = list;
  }
  return {
    services: [...services.values()].sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name)),
    readyEndpointNodes,
    nodes: [...nodes.values()]
      .sort((a, b) => compareText(a.name, b.name))
      .map((n) => ({ ...n, agent: agentReportOf(nas.get(n.name)), leaseFresh: null })),
    nodeAnnouncements: [...nas.values()].sort((a, b) => compareText(a.metadata.name, b.metadata.name)),
    sharedAnnouncements: [...sas.values()].sort((a, b) => compareText(a.metadata.name, b.metadata.name)),
  };
}

/** The agent's report from a NodeAnnouncement's status; null while the agent has reported no interface. */
export function agentReportOf(na: NodeAnnouncement | undefined): AgentReport | null {
  const status = na?.status;
  if (!status || !status.interfaces || status.interfaces.length === 0) return null;
  const readyCond = (status.conditions ?? []).find((c) => c.type === 'Ready');
  return {
    interfaces: status.interfaces.map((i) => ({ name: i.name, role: i.role, default: i.default, addresses: [...i.addresses] })),
    sessions: (status.sessions ?? []).map((s) => ({ ...s })),
    ready: readyCond ? readyCond.status : null,
    observedGeneration: status.observedGeneration ?? null,
  };
}
