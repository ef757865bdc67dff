// Decodes raw Kubernetes objects (plain JSON values) into the few fields planning needs.
// Checks only what planning relies on, so a malformed object is reported with the path of the
// offending field instead of surfacing later as a wrong plan; unknown kinds are skipped.
import type { Family } from '../config/model.js';
import type { NodeAnnouncement } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../config/generated/sharedannouncement.generated.js';
import type { ObservedNode, ObservedService, ServicePortModel } from './observed.js';
import { parseAddr } from '../planner/ip-math.js';

/** One EndpointSlice reduced to the nodes with a ready endpoint. */
export interface DecodedEndpointSlice {
  namespace: string;
  service: string;
  readyNodes: string[];
}

/** A decoded object, tagged by kind. */
export type DecodedObject =
  | { kind: 'Service'; value: ObservedService }
  | { kind: 'EndpointSlice'; value: DecodedEndpointSlice }
  | { kind: 'Node'; value: Omit<ObservedNode, 'agent' | 'leaseFresh'> }
  | { kind: 'NodeAnnouncement'; value: NodeAnnouncement }
  | { kind: 'SharedAnnouncement'; value: SharedAnnouncement };

/** A malformed object: its index in the input and the path of the bad field inside it. */
export interface ObjectError {
  index: number;
  path: Array<string | number>;
  message: string;
}

/** Thrown inside a decoder to abort one object; caught per object, never escapes this module. */
class FieldError extends Error {
  constructor(readonly path: Array<string | number>, message: string) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/** Decodes every object; returns the known ones, the errors, and how many were of unknown kinds. */
export function decodeObjects(values: unknown[]): { objects: DecodedObject[]; errors: ObjectError[]; skipped: number } {
  const acc = newDecodeAccumulator();
  values.forEach((value, index) => decodeInto(acc, value, index));
  return acc;
}

/** Decoded objects, errors and the unknown-kind count, filled one object at a time. */
export interface DecodeAccumulator {
  objects: DecodedObject[];
  errors: ObjectError[];
  skipped: number;
}

/** An empty accumulator for decodeInto. */
export function newDecodeAccumulator(): DecodeAccumulator {
  return { objects: [], errors: [], skipped: 0 };
}

/** Decodes one object (the index-th of the input) into the accumulator. */
export function decodeInto(acc: DecodeAccumulator, value: unknown, index: number): void {
  try {
    const o = obj(value, []);
    const kind = str(o, 'kind', []);
    const apiVersion = str(o, 'apiVersion', []);
    const decoder = DECODERS[`${apiVersion}|${kind}`];
    if (!decoder) {
      acc.skipped++;
      return;
    }
    acc.objects.push(decoder(o));
  } catch (err: unknown) {
    if (!(err instanceof FieldError)) throw err;
    acc.errors.push({ index, path: err.path, message: err.message });
  }
}

const DECODERS: Record<string, (o: Json) => DecodedObject> = {
  'v1|Service': (o) => ({ kind: 'Service', value: decodeService(o) }),
  'discovery.k8s.io/v1|EndpointSlice': (o) => ({ kind: 'EndpointSlice', value: decodeEndpointSlice(o) }),
  'v1|Node': (o) => ({ kind: 'Node', value: decodeNode(o) }),
  'gitlb.io/v1|NodeAnnouncement': (o) => ({ kind: 'NodeAnnouncement', value: decodeAnnouncement(o) as unknown as NodeAnnouncement }),
  'gitlb.io/v1|SharedAnnouncement': (o) => ({ kind: 'SharedAnnouncement', value: decodeAnnouncement(o) as unknown as SharedAnnouncement }),
};

function decodeService(o: Json): ObservedService {
  const meta = obj(o.metadata, ['metadata']);
  const spec = o.spec === undefined ? {} : obj(o.spec, ['spec']);
  const status = o.status === undefined ? {} : obj(o.status, ['status']);
  const families = optArray(spec.ipFamilies, ['spec', 'ipFamilies']).map((f, i): Family => {
    if (f === 'IPv4') return 4;
    if (f === 'IPv6') return 6;
    throw new FieldError(['spec', 'ipFamilies', i], `spec.ipFamilies[${i}] must be IPv4 or IPv6`);
  });
  const policy = optStr(spec, 'ipFamilyPolicy', ['spec']) ?? 'SingleStack';
  if (policy !== 'SingleStack' && policy !== 'PreferDualStack' && policy !== 'RequireDualStack') {
    throw new FieldError(['spec', 'ipFamilyPolicy'], `spec.ipFamilyPolicy must be SingleStack, PreferDualStack or RequireDualStack, not ${policy}`);
  }
  const etp = optStr(spec, 'externalTrafficPolicy', ['spec']) ?? 'Cluster';
  if (etp !== 'Cluster' && etp !== 'Local') {
    throw new FieldError(['spec', 'externalTrafficPolicy'], `spec.externalTrafficPolicy must be Cluster or Local, not ${etp}`);
  }
  const ports = optArray(spec.ports, ['spec', 'ports']).map((p, i): ServicePortModel => {
    const po = obj(p, ['spec', 'ports', i]);
    const port = po.port;
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new FieldError(['spec', 'ports', i, 'port'], `spec.ports[${i}].port must be an integer`);
    const protocol = optStr(po, 'protocol', ['spec', 'ports', i]) ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new FieldError(['spec', 'ports', i, 'protocol'], `spec.ports[${i}].protocol must be TCP, UDP or SCTP`);
    return { port, protocol };
  });
  const lb = status.loadBalancer === undefined ? {} : obj(status.loadBalancer, ['status', 'loadBalancer']);
  const ingress: string[] = [];
  optArray(lb.ingress, ['status', 'loadBalancer', 'ingress']).forEach((entry, i) => {
    const path = ['status', 'loadBalancer', 'ingress', i];
    const ip = optStr(obj(entry, path), 'ip', path);
    if (ip === null) return; // hostname-only ingress: not an address gitlb could own
    const a = parseAddr(ip);
    if (!a) throw new FieldError([...path, 'ip'], `status.loadBalancer.ingress[${i}].ip is not an IP address: ${ip}`);
    ingress.push(a.text);
  });
  const lbIP = optStr(spec, 'loadBalancerIP', ['spec']);
  return {
    namespace: optStr(meta, 'namespace', ['metadata']) ?? 'default',
    name: str(meta, 'name', ['metadata']),
    uid: optStr(meta, 'uid', ['metadata']),
    resourceVersion: optStr(meta, 'resourceVersion', ['metadata']),
    creationTimestamp: optStr(meta, 'creationTimestamp', ['metadata']) ?? '',
    type: optStr(spec, 'type', ['spec']) ?? 'ClusterIP',
    loadBalancerClass: optStr(spec, 'loadBalancerClass', ['spec']),
    externalTrafficPolicy: etp,
    ipFamilies: families.length > 0 ? families : [4],
    ipFamilyPolicy: policy,
    ports,
    loadBalancerIP: lbIP === '' ? null : lbIP,
    annotations: ownAnnotations(stringMap(meta.annotations, ['metadata', 'annotations'])),
    ingress,
  };
}

function decodeEndpointSlice(o: Json): DecodedEndpointSlice {
  const meta = obj(o.metadata, ['metadata']);
  const labels = stringMap(meta.labels, ['metadata', 'labels']);
  const readyNodes: string[] = [];
  optArray(o.endpoints, ['endpoints']).forEach((e, i) => {
    const eo = obj(e, ['endpoints', i]);
    const cond = eo.conditions === undefined ? {} : obj(eo.conditions, ['endpoints', i, 'conditions']);
    // EndpointSlice API: a nil `ready` is interpreted as ready.
    if (cond.ready === false) return;
    const node = optStr(eo, 'nodeName', ['endpoints', i]);
    if (node !== null) readyNodes.push(node);
  });
  return {
    namespace: optStr(meta, 'namespace', ['metadata']) ?? 'default',
    service: labels['kubernetes.io/service-name'] ?? '',
    readyNodes,
  };
}

function decodeNode(o: Json): Omit<ObservedNode, 'agent' | 'leaseFresh'> {
  const meta = obj(o.metadata, ['metadata']);
  const status = o.status === undefined ? {} : obj(o.status, ['status']);
  let ready = false;
  optArray(status.conditions, ['status', 'conditions']).forEach((c, i) => {
    const co = obj(c, ['status', 'conditions', i]);
    if (co.type === 'Ready') ready = co.status === 'True';
  });
  const internalIPs: string[] = [];
  optArray(status.addresses, ['status', 'addresses']).forEach((a, i) => {
    const path = ['status', 'addresses', i];
    const ao = obj(a, path);
    if (ao.type !== 'InternalIP') return;
    const text = str(ao, 'address', path);
    const parsed = parseAddr(text);
    if (!parsed) throw new FieldError([...path, 'address'], `status.addresses[${i}].address is not an IP address: ${text}`);
    internalIPs.push(parsed.text);
  });
  return { name: str(meta, 'name', ['metadata']), labels: stringMap(meta.labels, ['metadata', 'labels']), ready, internalIPs };
}

/** NodeAnnouncement and SharedAnnouncement: checks the parts planning reads, keeps the rest as is. */
function decodeAnnouncement(o: Json): Json {
  const meta = obj(o.metadata, ['metadata']);
  str(meta, 'name', ['metadata']);
  const spec = obj(o.spec, ['spec']);
  optArray(spec.addresses, ['spec', 'addresses']).forEach((a, i) => {
    const path = ['spec', 'addresses', i];
    const text = str(obj(a, path), 'address', path);
    if (!parseAddr(text)) throw new FieldError([...path, 'address'], `spec.addresses[${i}].address is not an IP address: ${text}`);
  });
  if (o.status !== undefined) {
    const status = obj(o.status, ['status']);
    optArray(status.interfaces, ['status', 'interfaces']).forEach((itf, i) => {
      const path = ['status', 'interfaces', i];
      const io = obj(itf, path);
      str(io, 'name', path);
      optArray(io.addresses, [...path, 'addresses']).forEach((a, j) => {
        if (typeof a !== 'string' || !/\//.test(a) || !parseAddr(a.split('/')[0] ?? '')) {
          throw new FieldError([...path, 'addresses', j], `status.interfaces[${i}].addresses[${j}] must be address/prefix, not ${JSON.stringify(a)}`);
        }
      });
    });
  }
  // Keep only the fields the schema allows, so kubectl's extra metadata never reaches a diff.
  const { name, resourceVersion, generation, labels, annotations } = meta as Json;
  const metadata: Json = { name };
  if (typeof resourceVersion === 'string') metadata.resourceVersion = resourceVersion;
  if (typeof generation === 'number') metadata.generation = generation;
  if (labels !== undefined) metadata.labels = stringMap(labels, ['metadata', 'labels']);
  if (annotations !== undefined) metadata.annotations = stringMap(annotations, ['metadata', 'annotations']);
  const out: Json = { apiVersion: o.apiVersion, kind: o.kind, metadata, spec };
  if (o.status !== undefined) out.status = o.status;
  return out;
}

/** Only gitlb's and PureLB's annotations: others (kubectl's last-applied-configuration is a copy of the whole object) would only cost memory. */
function ownAnnotations(all: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (k.startsWith('gitlb.io/') || k.startsWith('purelb.io/')) out[k] = v;
  return out;
}

function obj(v: unknown, path: Array<string | number>): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new FieldError(path, `${path.length ? path.join('.') : 'object'} must be a mapping`);
  }
  return v as Json;
}

function str(o: Json, key: string, path: Array<string | number>): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new FieldError([...path, key], `${[...path, key].join('.')} is required and must be a string`);
  return v;
}

function optStr(o: Json, key: string, path: Array<string | number>): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new FieldError([...path, key], `${[...path, key].join('.')} must be a string`);
  return v;
}

function optArray(v: unknown, path: Array<string | number>): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(path, `${path.join('.')} must be a list`);
  return v;
}

function stringMap(v: unknown, path: Array<string | number>): Record<string, string> {
  if (v === undefined || v === null) return {};
  const o = obj(v, path);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) {
    if (typeof val !== 'string') throw new FieldError([...path, k], `${[...path, k].join('.')} must be a string`);
    out[k] = val;
  }
  return out;
}
