// Label selectors as written (all optional fields) to the model's complete form.
import type { LabelSelectorModel } from './model.js';

/** A label selector as the schemas allow it. */
export interface LabelSelectorInput {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** The model form of a selector; null for an absent or empty one, which both match every node. */
export function toSelectorModel(s: LabelSelectorInput | undefined): LabelSelectorModel | null {
  if (!s) return null;
  const matchLabels = { ...(s.matchLabels ?? {}) };
  const matchExpressions = (s.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: [...(e.values ?? [])] }));
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return null;
  return { matchLabels, matchExpressions };
}
