// Defaults the real API server fills in for the core kinds gitlb reads, so clients see the
// same shapes they would see on a cluster: a Service gets its type, a cluster IP, IP family
// fields, port protocols and target ports, node ports for NodePort/LoadBalancer; a Namespace
// gets its phase and its kubernetes.io/metadata.name label; a Secret its type.
import { arr, isJsonObject, obj, str, type JsonObject, type KubeObject } from './json.js';
import type { ResourceType } from './resources.js';

/** What the defaulter needs from the cluster: address and port allocation. */
export interface DefaultingContext {
  /** A free cluster IP (held until the write is stored or abandoned). */
  allocateClusterIP(): string;
  /** A free node port. */
  allocateNodePort(): number;
  /** The object being replaced, on update: allocated values carry over. */
  previous?: KubeObject;
}

/** Fills in server-side defaults on an object about to be stored (mutates it). */
export function applyDefaults(type: ResourceType, o: KubeObject, ctx: DefaultingContext): void {
  if (type.group !== '') return;
  if (type.plural === 'services') defaultService(o, ctx);
  else if (type.plural === 'namespaces') {
    const name = str(o.metadata, 'name') ?? '';
    o.metadata.labels = { ...(obj(o.metadata, 'labels') ?? {}), 'kubernetes.io/metadata.name': name };
    o.spec = { finalizers: ['kubernetes'], ...(obj(o, 'spec') ?? {}) };
    o.status = { phase: 'Active', ...(obj(o, 'status') ?? {}) };
  } else if (type.plural === 'secrets' && typeof o.type !== 'string') o.type = 'Opaque';
}

function defaultService(o: KubeObject, ctx: DefaultingContext): void {
  const spec: JsonObject = obj(o, 'spec') ?? {};
  o.spec = spec;
  const prevSpec = obj(ctx.previous, 'spec');
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  const type = spec.type;
  if (type !== 'ExternalName') {
    // An update that leaves the cluster IP out keeps the allocated one (the real server does too).
    if (spec.clusterIP === undefined && prevSpec?.clusterIP !== undefined) spec.clusterIP = prevSpec.clusterIP!;
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = ctx.allocateClusterIP();
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= [String(spec.clusterIP).includes(':') ? 'IPv6' : 'IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  const prevPorts = arr(prevSpec, 'ports').filter(isJsonObject);
  const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  for (const p of arr(spec, 'ports')) {
    if (!isJsonObject(p)) continue;
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined && typeof p.port === 'number') p.targetPort = p.port;
    if (wantsNodePorts && p.nodePort === undefined) {
      const prev = prevPorts.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === p.protocol);
      p.nodePort = typeof prev?.nodePort === 'number' ? prev.nodePort : ctx.allocateNodePort();
    }
  }
  if (type === 'LoadBalancer' || type === 'NodePort') spec.externalTrafficPolicy ??= 'Cluster';
  if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (!isJsonObject(o.status)) o.status = { loadBalancer: {} };
}
