import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../config/diagnostic.js';
import { renderDiagnostics } from './diagnostics.js';

const diags: Diagnostic[] = [
  { severity: 'error', rule: 'pool-overlap', message: 'pool 10.0.0.0/24 overlaps, see a.yaml:3:5', loc: { file: 'config/b.yaml', line: 12, col: 15 } },
  { severity: 'warning', rule: 'ignored-field', message: '100% ignored,\nreally', loc: { file: 'config/a,b.yaml', line: 1, col: 1 } },
  { severity: 'error', rule: 'path-not-found', message: 'nope: no such file or directory' },
];
const summary = { files: 2, documents: 3, skipped: 1 };

describe('renderDiagnostics', () => {
  it('text: path:line:col: severity: message (rule), then a summary', () => {
    expect(renderDiagnostics(diags, 'text', summary)).toBe(
      'config/b.yaml:12:15: error: pool 10.0.0.0/24 overlaps, see a.yaml:3:5 (pool-overlap)\n' +
        'config/a,b.yaml:1:1: warning: 100% ignored,\nreally (ignored-field)\n' +
        'error: nope: no such file or directory (path-not-found)\n' +
        'invalid: 2 errors, 1 warning in 3 documents in 2 files (1 of other kinds skipped)\n',
    );
    expect(renderDiagnostics([], 'text', { files: 1, documents: 1, skipped: 0 })).toBe('valid: 1 document in 1 file\n');
    expect(renderDiagnostics([], 'text')).toBe('');
  });

  it('json: counts and one object per diagnostic', () => {
    const out = JSON.parse(renderDiagnostics(diags, 'json', summary)) as Record<string, unknown>;
    expect(out).toMatchObject({ valid: false, errors: 2, warnings: 1, files: 2, documents: 3, skipped: 1 });
    expect((out.diagnostics as unknown[])[2]).toEqual({ severity: 'error', rule: 'path-not-found', message: 'nope: no such file or directory', file: null, line: null, col: null });
  });

  it('markdown: a summary and a table, cells escaped', () => {
    expect(renderDiagnostics(diags, 'markdown', summary).split('\n')).toEqual([
      '**gitlb validate** ❌ invalid: 2 errors, 1 warning in 3 documents in 2 files (1 of other kinds skipped)',
      '',
      '| where | severity | rule | message |',
      '|---|---|---|---|',
      '| `config/b.yaml:12:15` | error | `pool-overlap` | pool 10.0.0.0/24 overlaps, see a.yaml:3:5 |',
      '| `config/a,b.yaml:1:1` | warning | `ignored-field` | 100% ignored,<br>really |',
      '|  | error | `path-not-found` | nope: no such file or directory |',
      '',
    ]);
    expect(renderDiagnostics([], 'markdown', { files: 1, documents: 1, skipped: 0 })).toBe('**gitlb validate** ✅ valid: 1 document in 1 file\n');
  });

  it('github: workflow commands with escaped data and properties', () => {
    const lines = renderDiagnostics(diags, 'github').trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=config/b.yaml,line=12,col=15,title=gitlb pool-overlap::pool 10.0.0.0/24 overlaps, see a.yaml:3:5',
      '::warning file=config/a%2Cb.yaml,line=1,col=1,title=gitlb ignored-field::100%25 ignored,%0Areally',
      '::error title=gitlb path-not-found::nope: no such file or directory',
    ]);
  });

  it('sarif: a 2.1.0 log with rules and located results', () => {
    const log = JSON.parse(renderDiagnostics(diags, 'sarif')) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<Record<string, unknown>> }> };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(['ignored-field', 'path-not-found', 'pool-overlap']);
    expect(run?.results[0]).toEqual({
      ruleId: 'pool-overlap',
      ruleIndex: 2,
      level: 'error',
      message: { text: 'pool 10.0.0.0/24 overlaps, see a.yaml:3:5' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'config/b.yaml' }, region: { startLine: 12, startColumn: 15 } } }],
    });
    expect(run?.results[2]).not.toHaveProperty('locations');
  });
});
