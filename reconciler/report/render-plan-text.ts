// The plan for people: Terraform-like `+ ~ -` per object, Services first, then each node's own
// addresses, then the shared addresses (shown once, "on kube-lb0 of every eligible node (N)"),
// warnings, and the one summary line scripts grep for (DESIGN.md §6).
import type { Change, Plan } from '../planner/plan.js';
import { canonicalJson } from '../planner/canonical-json.js';

interface AddressLike {
  address: string;
  prefixLength: number;
  interface?: string;
  kind?: string;
  services: string[];
}

interface ServiceValue {
  ingress: string[];
  annotations: Record<string, string | null>;
}

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', delete: '-' };

/** The plan's summary line: `Plan: X to add, Y to change, Z to remove (D disruptive).` or `No changes.` */
export function planSummaryLine(plan: Plan): string {
  const s = plan.summary;
  if (s.add + s.change + s.remove === 0) return 'No changes.';
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.remove} to remove (${s.disruptive} disruptive).`;
}

/** Renders the plan as text, ending with the summary line and a newline. */
export function renderPlanText(plan: Plan): string {
  const out: string[] = [`gitlb plan for revision ${plan.revision}`];
  const eligibleCount = plan.planned.nodes.filter((n) => n.eligible).length;
  const dummy = plan.planned.shared[0]?.interface ?? firstDummy(plan) ?? 'kube-lb0';
  const everyNode = `on ${dummy} of every eligible node (${eligibleCount})`;
  const byKind = (kind: string): Change[] => plan.changes.filter((c) => c.target.startsWith(`${kind}/`));

  const services = byKind('Service');
  if (services.length > 0) {
    out.push('', 'Services:');
    for (const c of services) renderServiceChange(out, c);
  }
  const nodes = byKind('NodeAnnouncement');
  if (nodes.length > 0) {
    out.push('', 'Nodes (addresses only that node holds):');
    for (const c of nodes) renderNodeChange(out, c);
  }
  const shards = byKind('SharedAnnouncement');
  if (shards.length > 0) {
    out.push('', `Shared addresses (${everyNode}):`);
    for (const c of shards) renderSharedChange(out, c, everyNode);
  }
  if (plan.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of plan.warnings) out.push(`  ! ${w.target.replace(/^(\w+)\//, '$1 ')}: ${w.message} [${w.reason}]`);
  }
  const waiting = plan.planned.nodes.filter((n) => n.waitingForAgent).map((n) => n.node);
  if (waiting.length > 0) {
    const one = waiting.length === 1;
    out.push('', `Waiting for the agent on ${waiting.join(', ')}: placements use ${one ? 'its InternalIP' : 'their InternalIPs'} as the local subnet until ${one ? 'it reports' : 'they report'}.`);
  }
  out.push('', planSummaryLine(plan));
  return `${out.join('\n')}\n`;
}

function header(c: Change, label: string): string {
  return `  ${SYMBOL[c.action]} ${label}${c.disruptive ? '  [DISRUPTIVE]' : ''}`;
}

function renderServiceChange(out: string[], c: Change): void {
  const name = c.target.slice('Service/'.length);
  out.push(header(c, `Service ${name}`));
  const before = (c.before ?? { ingress: [], annotations: {} }) as ServiceValue;
  const after = (c.after ?? { ingress: [], annotations: {} }) as ServiceValue;
  for (const ip of before.ingress) if (!after.ingress.includes(ip)) out.push(`      - ingress ${ip}`);
  for (const ip of after.ingress) if (!before.ingress.includes(ip)) out.push(`      + ingress ${ip}`);
  for (const ip of after.ingress) if (before.ingress.includes(ip)) out.push(`        ingress ${ip} (kept)`);
  for (const k of Object.keys(after.annotations).sort()) {
    const b = before.annotations[k] ?? null;
    const a = after.annotations[k] ?? null;
    if (a === b) continue;
    if (b === null) out.push(`      + ${k}: ${a}`);
    else if (a === null) out.push(`      - ${k}: ${b}`);
    else out.push(`      ~ ${k}: ${b} → ${a}`);
  }
  out.push(`      # ${c.reason}`);
}

function renderNodeChange(out: string[], c: Change): void {
  const name = c.target.slice('NodeAnnouncement//'.length);
  out.push(header(c, `node ${name}`));
  const b = c.before as Record<string, unknown> | null;
  const a = c.after as Record<string, unknown> | null;
  renderAddressDiff(out, (b?.addresses as AddressLike[] | undefined) ?? [], (a?.addresses as AddressLike[] | undefined) ?? [], null);
  if (a && b) {
    for (const key of Object.keys({ ...a, ...b }).sort()) {
      if (key === 'addresses' || key === 'revision') continue;
      const bj = b[key] === undefined ? '(none)' : canonicalJson(b[key]);
      const aj = a[key] === undefined ? '(none)' : canonicalJson(a[key]);
      if (bj === aj) continue;
      if (key === 'bgp' && canonicalJson(peersOf(b)) !== canonicalJson(peersOf(a))) {
        out.push(`      ~ BGP peers: ${peersOf(b).join(', ') || '(none)'} → ${peersOf(a).join(', ') || '(none)'}`);
      } else out.push(`      ~ ${key}: ${bj} → ${aj}`);
    }
  } else if (a) {
    out.push(`        holds the shared addresses: ${a.holdsShared ? 'yes' : 'no'}`);
    if (peersOf(a).length > 0) out.push(`        BGP peers: ${peersOf(a).join(', ')}`);
  }
  if (c.drift) {
    for (const m of c.drift.missing) out.push(`      ! drift: ${m} missing on the node`);
    for (const x of c.drift.extra) out.push(`      ! drift: ${x} on the node but not planned`);
  }
  out.push(`      # ${c.reason}`);
}

function renderSharedChange(out: string[], c: Change, everyNode: string): void {
  const name = c.target.slice('SharedAnnouncement//'.length);
  const a = c.after as { block?: string; addresses?: AddressLike[] } | null;
  const b = c.before as { block?: string; addresses?: AddressLike[] } | null;
  out.push(header(c, `shard ${name} (${a?.block ?? b?.block ?? ''})`));
  renderAddressDiff(out, b?.addresses ?? [], a?.addresses ?? [], everyNode);
  out.push(`      # ${c.reason}`);
}

/** Lines for addresses added, removed, or with changed owners/prefix/interface. */
function renderAddressDiff(out: string[], before: AddressLike[], after: AddressLike[], where: string | null): void {
  const b = new Map(before.map((x) => [x.address, x]));
  const a = new Map(after.map((x) => [x.address, x]));
  const line = (x: AddressLike): string =>
    `${x.address}/${x.prefixLength} ${where ?? `on ${x.interface ?? '?'} (${x.kind ?? '?'})`} for ${x.services.join(', ')}`;
  for (const x of before) if (!a.has(x.address)) out.push(`      - ${line(x)}`);
  for (const x of after) {
    const old = b.get(x.address);
    if (!old) out.push(`      + ${line(x)}`);
    else if (canonicalJson(old) !== canonicalJson(x)) out.push(`      ~ ${line(old)} → ${line(x)}`);
  }
}

function peersOf(spec: Record<string, unknown>): string[] {
  const bgp = spec.bgp as { neighbors?: Array<{ address: string }> } | undefined;
  return (bgp?.neighbors ?? []).map((n) => n.address);
}

function firstDummy(plan: Plan): string | undefined {
  for (const n of plan.planned.nodes) for (const a of n.addresses) if (a.kind === 'remote') return a.interface;
  return undefined;
}
