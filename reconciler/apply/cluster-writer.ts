// The small interface apply writes through: reads the few fields it checks before a write and
// performs exactly the writes a Plan asks for. The Kubernetes adapter is kube-cluster-writer.ts;
// tests may substitute a fake. Every call answers with a value, never an exception.

/** Why a call failed: 409 stale resourceVersion, 404, 409 AlreadyExists, or anything else (after retries). */
export type WriteFailure = { ok: false; reason: 'conflict' | 'not-found' | 'already-exists' | 'error'; code: number; message: string };

/** The answer of a call. */
export type WriteResult<T> = { ok: true; value: T } | WriteFailure;

/** The announcement kinds apply manages (cluster-scoped, gitlb.io/v1). */
export type AnnouncementKind = 'NodeAnnouncement' | 'SharedAnnouncement';

/** A Service's current gitlb-relevant fields. */
export interface ServiceSnapshot {
  uid: string;
  resourceVersion: string;
  annotations: Record<string, string>;
  /** status.loadBalancer.ingress[].ip, canonical text, in order. */
  ingress: string[];
}

/** An announcement as stored: its whole object (to keep metadata on replace) and its spec. */
export interface AnnouncementSnapshot {
  resourceVersion: string;
  object: Record<string, unknown>;
  spec: unknown;
}

/** A Kubernetes Event about a Service. */
export interface ServiceEvent {
  /** Event object name (deterministic where re-emitting must not pile up copies). */
  name: string;
  namespace: string;
  service: { name: string; uid: string; resourceVersion: string };
  type: 'Normal' | 'Warning';
  reason: 'AddressAssigned' | 'AllocationFailed' | 'AddressReleased';
  message: string;
  time: Date;
}

/** What apply needs from the cluster. Writes that take a resourceVersion fail with 'conflict' when it is stale. */
export interface ClusterWriter {
  getService(namespace: string, name: string): Promise<WriteResult<ServiceSnapshot>>;
  /** Merge-patches metadata.annotations (null removes a key); returns the new resourceVersion. */
  patchServiceAnnotations(namespace: string, name: string, resourceVersion: string, annotations: Record<string, string | null>): Promise<WriteResult<string>>;
  /** Sets status.loadBalancer.ingress through the status subresource; returns the new resourceVersion. */
  patchServiceIngress(namespace: string, name: string, resourceVersion: string, ingress: string[]): Promise<WriteResult<string>>;
  createEvent(event: ServiceEvent): Promise<WriteResult<void>>;
  getAnnouncement(kind: AnnouncementKind, name: string): Promise<WriteResult<AnnouncementSnapshot>>;
  createAnnouncement(kind: AnnouncementKind, name: string, spec: unknown): Promise<WriteResult<string>>;
  /** Replaces the spec, keeping the object's other fields; returns the new resourceVersion. */
  replaceAnnouncement(kind: AnnouncementKind, current: AnnouncementSnapshot, spec: unknown): Promise<WriteResult<string>>;
  deleteAnnouncement(kind: AnnouncementKind, name: string, resourceVersion: string): Promise<WriteResult<void>>;
}
