// The SARIF output carries what SARIF 2.1.0 requires (and GitHub code scanning reads):
// version, $schema, runs[].tool.driver.name, results[].message.text, ruleId and a physical
// location with a 1-based startLine/startColumn.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../config/diagnostic.js';
import { renderDiagnostics } from './diagnostics.js';

const diags: Diagnostic[] = [
  { severity: 'error', rule: 'pool-overlap', message: 'pool 10.0.0.0/24 overlaps', loc: { file: 'config/b.yaml', line: 12, col: 15 } },
  { severity: 'warning', rule: 'ignored-field', message: 'addressConfig is ignored', loc: { file: 'config/a.yaml', line: 3, col: 5 } },
  { severity: 'error', rule: 'path-not-found', message: 'nope: no such file or directory' },
];

interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
    }>;
  }>;
}

describe('renderDiagnostics sarif', () => {
  const log = JSON.parse(renderDiagnostics(diags, 'sarif')) as SarifLog;

  it('has the 2.1.0 top-level fields', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0.*\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.name).toBe('gitlb');
  });

  it('every result has ruleId, a level SARIF knows, message.text and a rule entry', () => {
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(3);
    for (const r of run.results) {
      expect(r.ruleId).toMatch(/^[a-z-]+$/);
      expect(['none', 'note', 'warning', 'error']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    }
  });

  it('located results have artifactLocation.uri and a 1-based region', () => {
    const [first, second, third] = log.runs[0]!.results;
    expect(first!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'config/b.yaml' }, region: { startLine: 12, startColumn: 15 } } }]);
    expect(second!.locations?.[0]?.physicalLocation.region).toEqual({ startLine: 3, startColumn: 5 });
    // SARIF allows a result without locations; an invented one would point nowhere.
    expect(third!.locations).toBeUndefined();
  });
});
