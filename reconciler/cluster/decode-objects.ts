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
    const decoder = decoderFor(apiVersion, kind);
    if (!decoder) {
      acc.skipped++;
      return;
    }
    acc.objects.push(decoder(o));
  } catch (err: unknown) {
    if (!(err instanceof FieldError)) throw err;
    acc.errors.push({ index, path: [...err.path], message: err.message });
  }
}

const DECODERS: Record<string, (o: Json) => DecodedObject> = {
  'v1|Service': (o) => ({ kind: 'Service', value: decodeService(o) }),
  'discovery.k8s.io/v1|EndpointSlice': (o) => ({ kind: 'EndpointSlice', value: decodeEndpointSlice(o) }),
  'v1|Node': (o) => ({ kind: 'Node', value: decodeNode(o) }),
  'gitlb.io/v1|NodeAnnouncement': (o) => ({ kind: 'NodeAnnouncement', value: decodeAnnouncement(o) as unknown as NodeAnnouncement }),
  'gitlb.io/v1|SharedAnnouncement': (o) => ({ kind: 'SharedAnnouncement', value: decodeAnnouncement(o) as unknown as SharedAnnouncement }),
};

// Paths of fields checked once per object, shared (read only: errors copy them before adding to
// them). Paths with an index are built only when a check fails: a 100k-Service state file
// would otherwise allocate a dozen arrays per object for paths that are never read.
const META = ['metadata'];
const SPEC = ['spec'];
const STATUS = ['status'];
const LOAD_BALANCER = ['status', 'loadBalancer'];
const IP_FAMILIES = ['spec', 'ipFamilies'];
const PORTS = ['spec', 'ports'];
const INGRESS = ['status', 'loadBalancer', 'ingress'];
const ANNOTATIONS = ['metadata', 'annotations'];
const LABELS = ['metadata', 'labels'];
const ENDPOINTS = ['endpoints'];

/** DECODERS[`${apiVersion}|${kind}`] without building the key string for every object. */
function decoderFor(apiVersion: string, kind: string): ((o: Json) => DecodedObject) | undefined {
  switch (kind) {
    case 'Service':
      return apiVersion === 'v1' ? DECODERS['v1|Service'] : undefined;
    case 'EndpointSlice':
      return apiVersion === 'discovery.k8s.io/v1' ? DECODERS['discovery.k8s.io/v1|EndpointSlice'] : undefined;
    case 'Node':
      return apiVersion === 'v1' ? DECODERS['v1|Node'] : undefined;
    case 'NodeAnnouncement':
      return apiVersion === 'gitlb.io/v1' ? DECODERS['gitlb.io/v1|NodeAnnouncement'] : undefined;
    case 'SharedAnnouncement':
      return apiVersion === 'gitlb.io/v1' ? DECODERS['gitlb.io/v1|SharedAnnouncement'] : undefined;
    default:
      return undefined;
  }
}

function decodeService(o: Json): ObservedService {
  const meta = obj(o.metadata, META);
  const spec = o.spec === undefined ? {} : obj(o.spec, SPEC);
  const status = o.status === undefined ? {} : obj(o.status, STATUS);
  const families = optArray(spec.ipFamilies, IP_FAMILIES).map((f, i): Family => {
    if (f === 'IPv4') return 4;
    if (f === 'IPv6') return 6;
    throw new FieldError(['spec', 'ipFamilies', i], `spec.ipFamilies[${i}] must be IPv4 or IPv6`);
  });
  const policy = optStr(spec, 'ipFamilyPolicy', SPEC) ?? 'SingleStack';
  if (policy !== 'SingleStack' && policy !== 'PreferDualStack' && policy !== 'RequireDualStack') {
    throw new FieldError(['spec', 'ipFamilyPolicy'], `spec.ipFamilyPolicy must be SingleStack, PreferDualStack or RequireDualStack, not ${policy}`);
  }
  const etp = optStr(spec, 'externalTrafficPolicy', SPEC) ?? 'Cluster';
  if (etp !== 'Cluster' && etp !== 'Local') {
    throw new FieldError(['spec', 'externalTrafficPolicy'], `spec.externalTrafficPolicy must be Cluster or Local, not ${etp}`);
  }
  const ports = optArray(spec.ports, PORTS).map((p, i): ServicePortModel => {
    if (!isMapping(p)) obj(p, ['spec', 'ports', i]);
    const po = p as Json;
    const port = po.port;
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new FieldError(['spec', 'ports', i, 'port'], `spec.ports[${i}].port must be an integer`);
    const proto = po.protocol;
    if (proto !== undefined && proto !== null && typeof proto !== 'string') optStr(po, 'protocol', ['spec', 'ports', i]);
    const protocol = typeof proto === 'string' ? proto : 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new FieldError(['spec', 'ports', i, 'protocol'], `spec.ports[${i}].protocol must be TCP, UDP or SCTP`);
    return { port, protocol };
  });
  const lb = status.loadBalancer === undefined ? {} : obj(status.loadBalancer, LOAD_BALANCER);
  const entries = optArray(lb.ingress, INGRESS);
  // Sized up front and cut to what was found: the list lives as long as the run, and one grown
  // from empty by push reserves 17 slots (a 100k-Service state holds 100k of them).
  const ingress = new Array<string>(entries.length);
  let found = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isMapping(entry)) obj(entry, ['status', 'loadBalancer', 'ingress', i]);
    const raw = (entry as Json).ip;
    if (raw === undefined || raw === null) continue; // hostname-only ingress: not an address gitlb could own
    if (typeof raw !== 'string') optStr(entry as Json, 'ip', ['status', 'loadBalancer', 'ingress', i]);
    const ip = raw as string;
    const a = parseAddr(ip);
    if (!a) throw new FieldError(['status', 'loadBalancer', 'ingress', i, 'ip'], `status.loadBalancer.ingress[${i}].ip is not an IP address: ${ip}`);
    ingress[found++] = a.text;
  }
  ingress.length = found;
  const lbIP = optStr(spec, 'loadBalancerIP', SPEC);
  return {
    namespace: optStr(meta, 'namespace', META) ?? 'default',
    name: str(meta, 'name', META),
    uid: optStr(meta, 'uid', META),
    resourceVersion: optStr(meta, 'resourceVersion', META),
    creationTimestamp: optStr(meta, 'creationTimestamp', META) ?? '',
    type: optStr(spec, 'type', SPEC) ?? 'ClusterIP',
    loadBalancerClass: optStr(spec, 'loadBalancerClass', SPEC),
    externalTrafficPolicy: etp,
    ipFamilies: families.length > 0 ? families : [4],
    ipFamilyPolicy: policy,
    ports,
    loadBalancerIP: lbIP === '' ? null : lbIP,
    annotations: ownAnnotations(meta.annotations),
    ingress,
  };
}

function decodeEndpointSlice(o: Json): DecodedEndpointSlice {
  const meta = obj(o.metadata, META);
  const labels = stringMap(meta.labels, LABELS);
  const readyNodes: string[] = [];
  const endpoints = optArray(o.endpoints, ENDPOINTS);
  for (let i = 0; i < endpoints.length; i++) {
    const e = endpoints[i];
    if (!isMapping(e)) obj(e, ['endpoints', i]);
    const eo = e as Json;
    const c = eo.conditions;
    if (c !== undefined && !isMapping(c)) obj(c, ['endpoints', i, 'conditions']);
    // EndpointSlice API: a nil `ready` is interpreted as ready.
    if (c !== undefined && (c as Json).ready === false) continue;
    const node = eo.nodeName;
    if (node === undefined || node === null) continue;
    if (typeof node !== 'string') optStr(eo, 'nodeName', ['endpoints', i]);
    readyNodes.push(node as string);
  }
  return {
    namespace: optStr(meta, 'namespace', META) ?? 'default',
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

/** The annotations, checked like stringMap, keeping only gitlb's and PureLB's: others (kubectl's
 *  last-applied-configuration is a copy of the whole object) would only cost memory. */
function ownAnnotations(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v === null) return out;
  const o = obj(v, ANNOTATIONS);
  for (const k of Object.keys(o)) {
    const val = o[k];
    if (typeof val !== 'string') throw new FieldError(['metadata', 'annotations', k], `metadata.annotations.${k} must be a string`);
    if (k.startsWith('gitlb.io/') || k.startsWith('purelb.io/')) out[k] = val;
  }
  return out;
}

function isMapping(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
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
