// The Events apply records on Services (AddressAssigned, AddressReleased, AllocationFailed).
// Names are derived from what they say: an AllocationFailed repeated by every apply while the
// cause lasts is one Event, not one per run; the others carry the write's resourceVersion.
import { createHash } from 'node:crypto';
import type { ServiceEvent, ServiceSnapshot } from './cluster-writer.js';

/** The Service an Event is about, after the write that caused it. */
export interface EventSubject {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

/** An AddressAssigned Event for addresses a Service gained. */
export function addressAssignedEvent(s: EventSubject, added: string[], group: string | null, time: Date): ServiceEvent {
  const message = `Assigned ${added.join(', ')}${group ? ` from ServiceGroup ${group}` : ''}`;
  return build(s, 'Normal', 'AddressAssigned', message, `${s.uid}|${s.resourceVersion}`, time);
}

/** An AddressReleased Event for addresses a Service lost, with the plan's reason. */
export function addressReleasedEvent(s: EventSubject, dropped: string[], reason: string, time: Date): ServiceEvent {
  return build(s, 'Normal', 'AddressReleased', `Released ${dropped.join(', ')}: ${reason}`, `${s.uid}|${s.resourceVersion}`, time);
}

/** An AllocationFailed Warning for a Service the plan could not give an address. */
export function allocationFailedEvent(svc: ServiceSnapshot & { namespace: string; name: string }, message: string, time: Date): ServiceEvent {
  return build({ namespace: svc.namespace, name: svc.name, uid: svc.uid, resourceVersion: svc.resourceVersion }, 'Warning', 'AllocationFailed', message, svc.uid, time);
}

function build(s: EventSubject, type: ServiceEvent['type'], reason: ServiceEvent['reason'], message: string, identity: string, time: Date): ServiceEvent {
  const hash = createHash('sha256').update(`${identity}|${reason}|${message}`).digest('hex').slice(0, 16);
  return {
    name: `${s.name}.${hash}`,
    namespace: s.namespace,
    service: { name: s.name, uid: s.uid, resourceVersion: s.resourceVersion },
    type,
    reason,
    message,
    time,
  };
}
