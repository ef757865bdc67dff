// `gitlb lab status` as text: one line per part, what is wrong said in words (NOT up, EXITED,
// DEAD), and the commands to look further (kubectl from the control namespace). Pure.
import type { LabNotUp, LabStatus } from './lab-status.js';

/** The text form of `gitlb lab status`. */
export function renderLabStatus(s: LabStatus | LabNotUp): string {
  if (!('namespaces' in s)) {
    return `lab "${s.name}" is not up (no record in ${s.dir})${s.leftovers.length > 0 ? `; leftover namespaces: ${s.leftovers.join(', ')} (gitlb lab down --name ${s.name} removes them)` : ''}\n`;
  }
  const lines = [
    `lab "${s.name}": ${!s.up ? 'NOT up (namespaces missing; run gitlb lab down, then up)' : s.healthy ? 'up' : `up, but ${s.processes.filter((p) => !p.running).map((p) => p.name).join(', ')} exited (see the logs below)`}`,
    `  namespaces: control ${s.namespaces.control}, router ${s.namespaces.router}, client ${s.namespaces.client}, switch ${s.namespaces.switch}`,
    `  nodes:      ${s.nodes.map((n) => `${n.name} ${n.address} (${n.namespace})`).join(', ')}`,
    `  kubeconfig: ${s.kubeconfig}   (ip netns exec ${s.namespaces.control} kubectl --kubeconfig ${s.kubeconfig} get svc -A)`,
    `  repo:       ${s.repo} (branch main)`,
    '  processes:',
    ...s.processes.map((p) => `    ${p.running ? 'running' : 'EXITED '} ${p.name.padEnd(18)} pid ${p.pid}  ${p.log}`),
    '  router BGP sessions:',
    ...s.bgp.map((b) => `    ${b.name.padEnd(10)} ${b.state.padEnd(6)} ${b.info}`),
    '  router routes from BGP:',
    ...(s.routes.length > 0 ? s.routes.map((r) => `    ${r.dst} via ${r.nextHops.join(', ')} (${r.nextHops.length} next hop${r.nextHops.length === 1 ? '' : 's'})`) : ['    (none)']),
  ];
  if (s.cluster) {
    const c = s.cluster;
    lines.push(`  agents:     ${c.agents.map((a) => `${a.node} ${a.alive ? 'alive' : 'DEAD'}`).join(', ')}`);
    if (c.reconciler) {
      lines.push(`  reconciler: ${c.reconciler.ready ? 'Ready' : 'not Ready'}; applied ${c.reconciler.revisionApplied?.slice(0, 12) ?? '-'}, seen ${c.reconciler.revisionSeen?.slice(0, 12) ?? '-'}${c.reconciler.message ? ` (${c.reconciler.message})` : ''}`);
      for (const e of c.reconciler.errors) lines.push(`    ${e}`);
    }
    for (const svc of c.services) lines.push(`  service ${svc.namespace}/${svc.name}: ${svc.addresses.join(', ') || '(no address)'}`);
  }
  return `${lines.join('\n')}\n`;
}
