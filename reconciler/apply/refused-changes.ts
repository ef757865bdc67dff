// The disruptive changes of a plan as apply reports them when refusing: for each, the Services
// that would lose or move an address, so the user knows what `--allow-disruption` costs.
import type { Change, Plan } from '../planner/plan.js';
import type { RefusedChange } from './apply-outcome.js';
import { addressesOf, addressKey } from './announcement-spec.js';

/** Every disruptive change of the plan with the Services it affects (empty when there is none). */
export function refusedChanges(plan: Plan): RefusedChange[] {
  return plan.changes.filter((c) => c.disruptive).map((c) => ({ target: c.target, services: affectedServices(c), reason: c.reason }));
}

function affectedServices(c: Change): string[] {
  if (c.target.startsWith('Service/')) return [c.target.slice('Service/'.length)];
  // An announcement: the owners of addresses that appear on one side only (moved or removed).
  const before = addressesOf(c.before);
  const after = addressesOf(c.after);
  const afterKeys = new Set(after.map(addressKey));
  const beforeKeys = new Set(before.map(addressKey));
  const out = new Set<string>();
  for (const a of before) if (!afterKeys.has(addressKey(a))) for (const s of a.services) out.add(s);
  for (const a of after) if (!beforeKeys.has(addressKey(a))) for (const s of a.services) out.add(s);
  return [...out].sort();
}
