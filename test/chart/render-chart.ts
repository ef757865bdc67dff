// Renders charts/gitlb the way `helm template` would for the subset the chart uses: values.yaml
// deep-merged with overrides (maps merge, lists replace: Helm's coalescing), `.Release` and
// `.Chart` from Chart.yaml, every file of templates/ through go-template.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderTemplate } from './go-template.js';

/** The chart directory. */
export const CHART_DIR = path.resolve(import.meta.dirname, '../../charts/gitlb');

/** A plain YAML/JSON mapping. */
export type Mapping = Record<string, unknown>;

/** values.yaml as parsed. */
export function defaultValues(): Mapping {
  return parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as Mapping;
}

/** The template files, by name (NOTES.txt included). */
export function templateSources(): Map<string, string> {
  const dir = path.join(CHART_DIR, 'templates');
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Helm's coalescing: maps merge key by key, anything else (lists included) is replaced. */
export function mergeValues(base: Mapping, over: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMapping(b) && isMapping(v) ? mergeValues(b, v) : v;
  }
  return out;
}

/** Renders every template with values.yaml + overrides; returns output by file name. */
export function renderChart(overrides: Mapping = {}, release = { Name: 'gitlb', Namespace: 'gitlb-system' }): Map<string, string> {
  const chart = parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as Mapping;
  const root = {
    Values: mergeValues(defaultValues(), overrides),
    Release: release,
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const out = new Map<string, string>();
  for (const [name, src] of templateSources()) out.set(name, renderTemplate(src, root));
  return out;
}
