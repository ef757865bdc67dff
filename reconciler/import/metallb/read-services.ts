// Reads Services, with all their annotations, from what `kubectl get services -A -o yaml|json`
// prints (a v1 List or multi-document YAML). The state-file reader of reconciler/cluster keeps
// only gitlb's and PureLB's annotations, so the MetalLB migration reads Services itself.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../config/diagnostic.js';
import type { MigratingService } from './migrate-service-annotations.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The Services of a state file; other objects are ignored, YAML errors are located diagnostics. */
export function readServices(text: string, file: string): { services: MigratingService[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const objects: unknown[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const p = lineCounter.linePos(e.pos[0]);
        diagnostics.push({ severity: 'error', rule: 'yaml-syntax', message: `YAML syntax error: ${e.message.split('\n')[0] ?? ''}`, loc: { file, line: p.line, col: p.col } });
      }
      continue;
    }
    const v: unknown = doc.toJS({ maxAliasCount: 100 });
    if (isObject(v) && v.kind === 'List' && Array.isArray(v.items)) objects.push(...(v.items as unknown[]));
    else objects.push(v);
  }
  const services: MigratingService[] = [];
  for (const o of objects) {
    if (!isObject(o) || o.kind !== 'Service' || !isObject(o.metadata)) continue;
    const meta = o.metadata;
    const spec = isObject(o.spec) ? o.spec : {};
    const status = isObject(o.status) && isObject(o.status.loadBalancer) ? o.status.loadBalancer : {};
    const annotations: Record<string, string> = {};
    if (isObject(meta.annotations)) for (const [k, v] of Object.entries(meta.annotations)) if (typeof v === 'string') annotations[k] = v;
    services.push({
      namespace: str(meta.namespace) ?? 'default',
      name: str(meta.name) ?? '',
      type: str(spec.type) ?? 'ClusterIP',
      loadBalancerClass: str(spec.loadBalancerClass),
      externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
      loadBalancerIP: str(spec.loadBalancerIP),
      annotations,
      ingress: (Array.isArray(status.ingress) ? status.ingress : []).map((i: unknown) => (isObject(i) ? str(i.ip) : null)).filter((ip): ip is string => ip !== null),
    });
  }
  services.sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
  return { services, diagnostics };
}
