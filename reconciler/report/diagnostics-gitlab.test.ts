// The GitLab Code Quality report carries the fields GitLab documents as required, with a
// fingerprint that is stable between runs and unique within a report.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../config/diagnostic.js';
import { renderDiagnostics } from './diagnostics.js';
import { renderGitlabCodeQuality } from './diagnostics-gitlab.js';

const diags: Diagnostic[] = [
  { severity: 'error', rule: 'pool-overlap', message: 'pool 10.0.0.0/24 overlaps', loc: { file: 'config/b.yaml', line: 12, col: 15 } },
  { severity: 'warning', rule: 'ignored-field', message: 'addressConfig is ignored', loc: { file: 'config/a.yaml', line: 3, col: 5 } },
  { severity: 'warning', rule: 'ignored-field', message: 'addressConfig is ignored', loc: { file: 'config/a.yaml', line: 30, col: 5 } },
  { severity: 'error', rule: 'path-not-found', message: 'nope: no such file or directory' },
];

describe('renderDiagnostics gitlab', () => {
  const issues = JSON.parse(renderDiagnostics(diags, 'gitlab')) as Array<Record<string, unknown>>;

  it('is an array with every required field of the Code Quality format', () => {
    expect(Array.isArray(issues)).toBe(true);
    expect(issues).toHaveLength(4);
    for (const i of issues) {
      expect(typeof i.description).toBe('string');
      expect(typeof i.check_name).toBe('string');
      expect(i.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
      const loc = i.location as { path: unknown; lines: { begin: unknown } };
      expect(typeof loc.path).toBe('string');
      expect(Number.isInteger(loc.lines.begin)).toBe(true);
    }
    expect(issues[0]).toMatchObject({ description: 'pool 10.0.0.0/24 overlaps', check_name: 'pool-overlap', severity: 'major', location: { path: 'config/b.yaml', lines: { begin: 12 } } });
    expect(issues[1]).toMatchObject({ severity: 'minor', location: { path: 'config/a.yaml', lines: { begin: 3 } } });
    // A diagnostic with no file still has a location GitLab accepts.
    expect(issues[3]).toMatchObject({ location: { path: '.', lines: { begin: 1 } } });
  });

  it('fingerprints are unique in a report, even for repeated messages', () => {
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('fingerprints are stable across runs and when lines move', () => {
    const again = renderGitlabCodeQuality(diags);
    expect(again.map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    const moved = renderGitlabCodeQuality([{ ...diags[0]!, loc: { file: 'config/b.yaml', line: 40, col: 1 } }]);
    expect(moved[0]!.fingerprint).toBe(issues[0]!.fingerprint);
  });

  it('an empty report is an empty array (GitLab then shows no issues)', () => {
    expect(JSON.parse(renderDiagnostics([], 'gitlab'))).toEqual([]);
  });
});
