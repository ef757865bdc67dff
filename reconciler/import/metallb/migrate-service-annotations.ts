// The Service side of a MetalLB migration. gitlb never edits a Service's spec and the importer
// cannot rewrite Services, so this computes, per Service, the gitlb annotations that carry
// MetalLB's meaning over: the pool a Service asked for or got (→ gitlb.io/service-group, the
// group of the same name), requested addresses, sharing keys, and `gitlb.io/allocated-from`,
// which tells the planner the current address is a valid allocation to keep (ipam phase 1).

/** The fields of a Service the migration reads (a subset of ObservedService, annotations unfiltered). */
export interface MigratingService {
  namespace: string;
  name: string;
  type: string;
  loadBalancerClass: string | null;
  externalTrafficPolicy: 'Cluster' | 'Local';
  loadBalancerIP: string | null;
  /** Every annotation: MetalLB's included (the state-file reader keeps only gitlb's and PureLB's). */
  annotations: Record<string, string>;
  ingress: string[];
}

/** What one Service needs: annotations to set, and notes on what no annotation can fix. */
export interface ServiceMigration {
  namespace: string;
  name: string;
  /** Annotation key → value, sorted by key. */
  annotations: Record<string, string>;
  notes: string[];
}

// MetalLB reads both prefixes; metallb.io/ is the newer one.
function metallb(svc: MigratingService, name: string): string | null {
  const v = svc.annotations[`metallb.io/${name}`] ?? svc.annotations[`metallb.universe.tf/${name}`];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

/** The gitlb annotations each MetalLB-served LoadBalancer Service needs; Services that need nothing are left out. */
export function migrateServiceAnnotations(services: readonly MigratingService[], metallbClass: string | null = null): ServiceMigration[] {
  const out: ServiceMigration[] = [];
  for (const svc of services) {
    if (svc.type !== 'LoadBalancer') continue;
    const notes: string[] = [];
    if (svc.loadBalancerClass !== null && svc.loadBalancerClass !== 'gitlb.io/gitlb') {
      if (svc.loadBalancerClass !== metallbClass) continue; // another controller's Service
      notes.push(`spec.loadBalancerClass is ${svc.loadBalancerClass}, which gitlb does not serve; it is immutable: recreate the Service without it (or with gitlb.io/gitlb), which changes its address unless gitlb.io/addresses pins it`);
    }
    const add: Record<string, string> = {};
    const requested = metallb(svc, 'address-pool');
    const allocatedFrom = metallb(svc, 'ip-allocated-from-pool');
    const group = requested ?? allocatedFrom;
    // Unannotated Services use the group named `default`: no annotation needed for it.
    if (group !== null && group !== 'default') add['gitlb.io/service-group'] = group;
    if (allocatedFrom !== null && svc.ingress.length > 0) add['gitlb.io/allocated-from'] = allocatedFrom;
    const ips = metallb(svc, 'loadBalancerIPs');
    if (ips !== null) add['gitlb.io/addresses'] = ips;
    const shared = metallb(svc, 'allow-shared-ip');
    if (shared !== null) add['gitlb.io/allow-shared-ip'] = shared;
    // MetalLB honours externalTrafficPolicy: Local on L2 (it announces from a node with an endpoint); gitlb does with allow-local.
    if (svc.externalTrafficPolicy === 'Local') add['gitlb.io/allow-local'] = 'true';
    if (svc.ingress.length > 0 && allocatedFrom === null && ips === null && svc.loadBalancerIP === null) {
      notes.push(`holds ${svc.ingress.join(', ')} but has no metallb.universe.tf/ip-allocated-from-pool annotation: gitlb will allocate anew unless gitlb.io/addresses pins it`);
    }
    // Keep only what is not already there, so running the commands twice changes nothing.
    const annotations = Object.fromEntries(Object.entries(add).filter(([k, v]) => svc.annotations[k] !== v).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (Object.keys(annotations).length > 0 || notes.length > 0) out.push({ namespace: svc.namespace, name: svc.name, annotations, notes });
  }
  return out;
}

/** Shell-quotes a kubectl argument when it needs it. */
function quote(s: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The migration as `kubectl annotate` commands, notes as comments. */
export function renderAnnotateScript(migrations: readonly ServiceMigration[]): string {
  const lines: string[] = [];
  for (const m of migrations) {
    for (const n of m.notes) lines.push(`# ${m.namespace}/${m.name}: ${n}`);
    const pairs = Object.entries(m.annotations).map(([k, v]) => quote(`${k}=${v}`));
    if (pairs.length > 0) lines.push(`kubectl annotate --overwrite -n ${quote(m.namespace)} service ${quote(m.name)} ${pairs.join(' ')}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
