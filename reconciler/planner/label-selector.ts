// Kubernetes label-selector matching for LBNodeAgent and BGP neighbour node selectors.
import type { LabelSelectorModel } from '../config/model.js';

/** Whether the labels satisfy the selector; a null selector matches every node. */
export function matchesSelector(selector: LabelSelectorModel | null, labels: Record<string, string>): boolean {
  if (!selector) return true;
  // for-in, not Object.entries: every node is matched against every neighbour's selector.
  for (const k in selector.matchLabels) {
    if (labels[k] !== selector.matchLabels[k]) return false;
  }
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
