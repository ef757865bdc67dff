// Server-side printing: the `Table` (meta.k8s.io/v1) kubectl asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Core kinds get the columns the
// real server prints; gitlb kinds get their CRD printer columns (JSONPath), so `kubectl get`
// prints the same thing here as on a cluster with gitlb's CRDs.
import type { PrinterColumn } from '../kube/gitlb-kinds.js';
import { arr, isJsonObject, obj, str, type JsonObject, type JsonValue, type KubeObject } from './json.js';
import type { ResourceType } from './resources.js';

/** A column: its definition and how to compute its cell. */
interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description: string;
  cell: (o: KubeObject, now: Date) => JsonValue;
}

/** How much of each object a Table row carries (the includeObject parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Renders objects as a Table; `withHeaders` false leaves out the column definitions (later watch events). */
export function toTable(type: ResourceType, objects: KubeObject[], opts: { now: Date; include: IncludeObject; resourceVersion?: string; withHeaders?: boolean }): JsonObject {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.withHeaders === false ? [] : columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => {
      const row: JsonObject = { cells: columns.map((c) => c.cell(o, opts.now)) };
      if (opts.include === 'Object') row.object = o;
      else if (opts.include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    }),
  };
}

/** kubectl's human duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** Evaluates the JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[*]`, `[?(@.k=="v")]`. */
export function evalJsonPath(root: JsonValue, path: string): JsonValue[] {
  let cur: JsonValue[] = [root];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*["']([^"']*)["']\)\]/gy;
  const src = path.startsWith('{') ? path.slice(1, -1) : path;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    const [all, field, index, filterKey, filterValue] = m;
    const next: JsonValue[] = [];
    for (const v of cur) {
      if (field !== undefined) {
        if (isJsonObject(v) && v[field] !== undefined) next.push(v[field]!);
      } else if (index !== undefined) {
        if (Array.isArray(v) && v[Number(index)] !== undefined) next.push(v[Number(index)]!);
      } else if (filterKey !== undefined) {
        if (Array.isArray(v)) {
          for (const item of v) if (evalJsonPath(item, `.${filterKey}`)[0] === filterValue) next.push(item);
        }
      } else if (all === '[*]' && Array.isArray(v)) next.push(...v);
    }
    cur = next;
  }
  return cur;
}

function age(o: KubeObject, now: Date): JsonValue {
  const ts = str(o.metadata, 'creationTimestamp');
  return ts ? humanDuration(now.getTime() - Date.parse(ts)) : '<unknown>';
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => str(o.metadata, 'name') ?? '',
};
const ageColumn: Column = { name: 'Age', type: 'string', description: 'Time since creation.', cell: age };

function fromPrinterColumn(c: PrinterColumn): Column {
  return {
    name: c.name,
    type: c.type === 'date' ? 'date' : c.type,
    priority: c.priority ?? 0,
    description: c.description,
    cell: (o, now) => {
      const found = evalJsonPath(o, c.jsonPath);
      if (found.length === 0) return null;
      const v = found[0]!;
      if (c.type === 'date' && typeof v === 'string') return humanDuration(now.getTime() - Date.parse(v));
      return isJsonObject(v) || Array.isArray(v) ? JSON.stringify(v) : v;
    },
  };
}

function columnsFor(type: ResourceType): Column[] {
  if (type.printerColumns) return [nameColumn, ...type.printerColumns.map(fromPrinterColumn)];
  switch (`${type.group}/${type.plural}`) {
    case '/nodes':
      return [nameColumn, col('Status', nodeStatus), col('Roles', nodeRoles), ageColumn,
        col('Version', (o) => str(obj(obj(o, 'status'), 'nodeInfo'), 'kubeletVersion') ?? ''),
        col('Internal-IP', (o) => nodeAddress(o, 'InternalIP'), 1), col('External-IP', (o) => nodeAddress(o, 'ExternalIP'), 1),
        col('OS-Image', (o) => str(obj(obj(o, 'status'), 'nodeInfo'), 'osImage') ?? '<unknown>', 1),
        col('Kernel-Version', (o) => str(obj(obj(o, 'status'), 'nodeInfo'), 'kernelVersion') ?? '<unknown>', 1),
        col('Container-Runtime', (o) => str(obj(obj(o, 'status'), 'nodeInfo'), 'containerRuntimeVersion') ?? '<unknown>', 1)];
    case '/services':
      return [nameColumn, col('Type', (o) => str(obj(o, 'spec'), 'type') ?? ''),
        col('Cluster-IP', (o) => str(obj(o, 'spec'), 'clusterIP') ?? '<none>'), col('External-IP', serviceExternalIP),
        col('Port(s)', servicePorts), ageColumn, col('Selector', serviceSelector, 1)];
    case '/namespaces':
      return [nameColumn, col('Status', (o) => str(obj(o, 'status'), 'phase') ?? ''), ageColumn];
    case '/secrets':
      return [nameColumn, col('Type', (o) => str(o, 'type') ?? ''), col('Data', (o) => Object.keys(obj(o, 'data') ?? {}).length), ageColumn];
    case '/events':
      return [col('Last Seen', (o, now) => {
        const t = str(o, 'lastTimestamp') ?? str(o, 'eventTime') ?? str(o.metadata, 'creationTimestamp');
        return t ? humanDuration(now.getTime() - Date.parse(t)) : '<unknown>';
      }), col('Type', (o) => str(o, 'type') ?? ''), col('Reason', (o) => str(o, 'reason') ?? ''),
      col('Object', (o) => {
        const io = obj(o, 'involvedObject');
        return `${(str(io, 'kind') ?? '').toLowerCase()}/${str(io, 'name') ?? ''}`;
      }), col('Message', (o) => str(o, 'message') ?? ''), { ...nameColumn, priority: 1 }];
    case 'discovery.k8s.io/endpointslices':
      return [nameColumn, col('AddressType', (o) => str(o, 'addressType') ?? ''),
        col('Ports', (o) => arr(o, 'ports').filter(isJsonObject).map((p) => String(p.port ?? '')).join(',') || '<unset>'),
        col('Endpoints', (o) => arr(o, 'endpoints').filter(isJsonObject).flatMap((e) => arr(e, 'addresses')).map(String).join(',') || '<unset>'),
        ageColumn];
    case 'apiextensions.k8s.io/customresourcedefinitions':
      return [nameColumn, { name: 'Created At', type: 'date', description: 'Creation time.', cell: (o) => str(o.metadata, 'creationTimestamp') ?? '' }];
    case 'coordination.k8s.io/leases':
      return [nameColumn, col('Holder', (o) => str(obj(o, 'spec'), 'holderIdentity') ?? ''), ageColumn];
    default:
      return [nameColumn, ageColumn];
  }
}

function col(name: string, cell: Column['cell'], priority = 0): Column {
  return { name, type: 'string', description: name, priority, cell };
}

function nodeStatus(o: KubeObject): string {
  const ready = arr(obj(o, 'status'), 'conditions').filter(isJsonObject).find((c) => c.type === 'Ready');
  let s = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
  if (obj(o, 'spec')?.unschedulable === true) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(obj(o.metadata, 'labels') ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .sort();
  return roles.length > 0 ? roles.join(',') : '<none>';
}

function nodeAddress(o: KubeObject, kind: string): string {
  const a = arr(obj(o, 'status'), 'addresses').filter(isJsonObject).find((x) => x.type === kind);
  return str(a, 'address') ?? '<none>';
}

function serviceExternalIP(o: KubeObject): string {
  const spec = obj(o, 'spec');
  const external = arr(spec, 'externalIPs').map(String);
  const type = str(spec, 'type');
  if (type === 'LoadBalancer') {
    const ingress = arr(obj(obj(o, 'status'), 'loadBalancer'), 'ingress').filter(isJsonObject).map((i) => str(i, 'ip') ?? str(i, 'hostname') ?? '');
    const all = [...ingress, ...external];
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  if (type === 'ExternalName') return str(spec, 'externalName') ?? '<none>';
  return external.length > 0 ? external.join(',') : '<none>';
}

function servicePorts(o: KubeObject): string {
  const ports = arr(obj(o, 'spec'), 'ports').filter(isJsonObject);
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${String(p.port)}${p.nodePort !== undefined ? `:${String(p.nodePort)}` : ''}/${str(p, 'protocol') ?? 'TCP'}`).join(',');
}

function serviceSelector(o: KubeObject): string {
  const sel = obj(obj(o, 'spec'), 'selector');
  if (!sel || Object.keys(sel).length === 0) return '<none>';
  return Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',');
}
