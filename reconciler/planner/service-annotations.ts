// The Service annotations gitlb reads (each also in its PureLB form) and writes (DESIGN.md §4).
import type { ObservedService } from '../cluster/observed.js';

/** The loadBalancerClass gitlb serves (class-less Services are served too). */
export const GITLB_CLASS = 'gitlb.io/gitlb';

/** Value of gitlb.io/allocated-by on Services gitlb allocated. */
export const ALLOCATED_BY_VALUE = 'gitlb';

/** Annotation keys gitlb writes on Services; apply removes a key whose planned value is null. */
export const WRITTEN_ANNOTATIONS = {
  allocatedBy: 'gitlb.io/allocated-by',
  allocatedFrom: 'gitlb.io/allocated-from',
  poolType: 'gitlb.io/pool-type',
  announcing: 'gitlb.io/announcing',
} as const;

/** The annotation keys gitlb writes, sorted. */
export const WRITTEN_ANNOTATION_KEYS: readonly string[] = Object.values(WRITTEN_ANNOTATIONS).sort();

/** Reads `gitlb.io/<name>`, falling back to `purelb.io/<name>` (migration), trimmed; null when absent or blank. */
export function readAnnotation(svc: ObservedService, name: string): string | null {
  return readPair(svc, `gitlb.io/${name}`, `purelb.io/${name}`);
}

/** readAnnotation with both keys given: the helpers below pass constants, so a 100k-Service plan
 *  does not build (and hash) two key strings per read. */
function readPair(svc: ObservedService, gitlbKey: string, purelbKey: string): string | null {
  const v = svc.annotations[gitlbKey] ?? svc.annotations[purelbKey];
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** The ServiceGroup a Service asks for (`default` when it names none). */
export function serviceGroupOf(svc: ObservedService): string {
  return readPair(svc, 'gitlb.io/service-group', 'purelb.io/service-group') ?? 'default';
}

/** The sharing key (allow-shared-ip), or null when the Service does not share. */
export function sharingKeyOf(svc: ObservedService): string | null {
  return readPair(svc, 'gitlb.io/allow-shared-ip', 'purelb.io/allow-shared-ip');
}

/** Whether the Service opts in to keep externalTrafficPolicy: Local on a local address. */
export function allowLocalOf(svc: ObservedService): boolean {
  const v = readPair(svc, 'gitlb.io/allow-local', 'purelb.io/allow-local');
  return v !== null && v.toLowerCase() !== 'false';
}

/** Requested address texts: gitlb.io/addresses, else purelb.io/addresses, else spec.loadBalancerIP; null when none. */
export function requestedAddressesOf(svc: ObservedService): string[] | null {
  const list = svc.annotations['gitlb.io/addresses'] ?? svc.annotations['purelb.io/addresses'];
  if (list !== undefined && list.trim() !== '') {
    return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  return svc.loadBalancerIP ? [svc.loadBalancerIP.trim()] : null;
}

/** Whether status.loadBalancer.ingress was written by gitlb (or PureLB before a migration). */
export function isOwnedAllocation(svc: ObservedService): boolean {
  return readPair(svc, 'gitlb.io/allocated-from', 'purelb.io/allocated-from') !== null;
}

/** Whether gitlb has written its own annotations on the Service (so it must clean them up on release). */
export function hasGitlbMarks(svc: ObservedService): boolean {
  return WRITTEN_ANNOTATION_KEYS.some((k) => svc.annotations[k] !== undefined);
}
