// The ClusterWriter over @kubernetes/client-node: Service annotations by merge patch on
// metadata (never the spec: Argo CD / Flux own it), ingress through the status subresource,
// announcements as whole-spec replaces, every write carrying the resourceVersion it was checked
// against. Transient failures (429, 5xx, network) are retried a few times with backoff.
import * as k8s from '@kubernetes/client-node';
import { keepAliveOptions } from '../kube/keep-alive.js';
import { GITLB_GROUP, GITLB_VERSION, gitlbKindInfo } from '../kube/gitlb-kinds.js';
import { parseAddr } from '../planner/ip-math.js';
import type { AnnouncementKind, AnnouncementSnapshot, ClusterWriter, ServiceEvent, ServiceSnapshot, WriteFailure, WriteResult } from './cluster-writer.js';

/** Options of the Kubernetes writer. */
export interface KubeWriterOptions {
  /** Retries of a transient failure (default 3), with delays of retryDelayMs × 2^n. */
  retries?: number;
  retryDelayMs?: number;
  /** Reported as the Events' source and the writes' field manager. */
  component?: string;
  /** Reuse connections (default true): client-node otherwise opens one per request. */
  keepAlive?: boolean;
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gitlb' };

/** A ClusterWriter talking to the API server of `kc`. */
export function kubeClusterWriter(kc: k8s.KubeConfig, opts: KubeWriterOptions = {}): ClusterWriter {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const retries = opts.retries ?? 3;
  const delay = opts.retryDelayMs ?? 100;
  const component = opts.component ?? 'gitlb';
  const reuse = opts.keepAlive === false ? undefined : keepAliveOptions();
  const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch, reuse);
  const call = <T>(fn: () => Promise<T>): Promise<WriteResult<T>> => withRetries(fn, retries, delay);
  const gitlb = (kind: AnnouncementKind) => ({ group: GITLB_GROUP, version: GITLB_VERSION, plural: gitlbKindInfo(kind).plural });

  return {
    async getService(namespace, name) {
      const r = await call(() => core.readNamespacedService({ name, namespace }, reuse));
      return r.ok ? { ok: true, value: serviceSnapshot(r.value) } : r;
    },
    async patchServiceAnnotations(namespace, name, resourceVersion, annotations) {
      const body = { metadata: { resourceVersion, annotations } };
      const r = await call(() => core.patchNamespacedService({ name, namespace, body, fieldManager: component }, merge));
      return r.ok ? { ok: true, value: r.value.metadata?.resourceVersion ?? '' } : r;
    },
    async patchServiceIngress(namespace, name, resourceVersion, ingress) {
      const body = { metadata: { resourceVersion }, status: { loadBalancer: { ingress: ingress.map((ip) => ({ ip })) } } };
      const r = await call(() => core.patchNamespacedServiceStatus({ name, namespace, body, fieldManager: component }, merge));
      return r.ok ? { ok: true, value: r.value.metadata?.resourceVersion ?? '' } : r;
    },
    async createEvent(e: ServiceEvent) {
      const body: k8s.CoreV1Event = {
        metadata: { name: e.name, namespace: e.namespace },
        involvedObject: { apiVersion: 'v1', kind: 'Service', namespace: e.namespace, name: e.service.name, uid: e.service.uid, resourceVersion: e.service.resourceVersion },
        type: e.type,
        reason: e.reason,
        message: e.message,
        count: 1,
        firstTimestamp: e.time,
        lastTimestamp: e.time,
        source: { component },
        reportingComponent: `gitlb.io/${component}`,
        reportingInstance: component,
      };
      const r = await call(() => core.createNamespacedEvent({ namespace: e.namespace, body }, reuse));
      return r.ok ? { ok: true, value: undefined } : r;
    },
    async getAnnouncement(kind, name) {
      const r = await call(() => custom.getClusterCustomObject({ ...gitlb(kind), name }, reuse) as Promise<unknown>);
      return r.ok ? { ok: true, value: announcementSnapshot(r.value) } : r;
    },
    async createAnnouncement(kind, name, spec) {
      const body = { apiVersion: `${GITLB_GROUP}/${GITLB_VERSION}`, kind, metadata: { name, labels: MANAGED_BY }, spec };
      const r = await call(() => custom.createClusterCustomObject({ ...gitlb(kind), body, fieldManager: component }, reuse) as Promise<unknown>);
      return r.ok ? { ok: true, value: announcementSnapshot(r.value).resourceVersion } : r;
    },
    async replaceAnnouncement(kind, current: AnnouncementSnapshot, spec) {
      const meta = (current.object.metadata ?? {}) as { name?: string };
      const body = { ...current.object, spec };
      const r = await call(() => custom.replaceClusterCustomObject({ ...gitlb(kind), name: meta.name ?? '', body, fieldManager: component }, reuse) as Promise<unknown>);
      return r.ok ? { ok: true, value: announcementSnapshot(r.value).resourceVersion } : r;
    },
    async deleteAnnouncement(kind, name, resourceVersion) {
      const r = await call(() => custom.deleteClusterCustomObject({ ...gitlb(kind), name, body: { preconditions: { resourceVersion } } }, reuse) as Promise<unknown>);
      return r.ok ? { ok: true, value: undefined } : r;
    },
  };
}

function serviceSnapshot(s: k8s.V1Service): ServiceSnapshot {
  const ingress: string[] = [];
  for (const i of s.status?.loadBalancer?.ingress ?? []) {
    if (!i.ip) continue;
    ingress.push(parseAddr(i.ip)?.text ?? i.ip);
  }
  return { uid: s.metadata?.uid ?? '', resourceVersion: s.metadata?.resourceVersion ?? '', annotations: { ...(s.metadata?.annotations ?? {}) }, ingress };
}

function announcementSnapshot(v: unknown): AnnouncementSnapshot {
  const object = v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const meta = (object.metadata ?? {}) as { resourceVersion?: unknown };
  return { object, resourceVersion: typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '', spec: object.spec ?? null };
}

/** Runs a call, retrying transient failures; maps the final failure to a WriteFailure. */
async function withRetries<T>(fn: () => Promise<T>, retries: number, delayMs: number): Promise<WriteResult<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await fn() };
    } catch (err: unknown) {
      const f = failureOf(err);
      const transient = f.code === 0 || f.code === 429 || f.code >= 500;
      if (!transient || attempt >= retries) return f;
      await new Promise((r) => setTimeout(r, delayMs * 2 ** attempt));
    }
  }
}

function failureOf(err: unknown): WriteFailure {
  if (err instanceof k8s.ApiException) {
    const code = err.code;
    let status: { reason?: unknown; message?: unknown } = {};
    try {
      status = JSON.parse(String(err.body)) as typeof status;
    } catch {
      // a non-Status body: keep the code
    }
    const message = typeof status.message === 'string' ? status.message : `HTTP ${code}`;
    if (code === 404) return { ok: false, reason: 'not-found', code, message };
    if (code === 409) return { ok: false, reason: status.reason === 'AlreadyExists' ? 'already-exists' : 'conflict', code, message };
    return { ok: false, reason: 'error', code, message };
  }
  return { ok: false, reason: 'error', code: 0, message: err instanceof Error ? err.message : String(err) };
}
