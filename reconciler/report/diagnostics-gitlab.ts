// GitLab Code Quality report (the `codequality` artifact of a CI job): a JSON array of issues
// with description, check_name, fingerprint, severity and location {path, lines {begin}}, as
// documented at docs.gitlab.com/ci/testing/code_quality ("Code Quality report format").
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../config/diagnostic.js';

/** One Code Quality issue, with the fields GitLab requires. */
export interface GitlabCodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** Diagnostics as GitLab Code Quality issues; the fingerprint is stable across runs and line moves. */
export function renderGitlabCodeQuality(diags: readonly Diagnostic[]): GitlabCodeQualityIssue[] {
  const seen = new Map<string, number>();
  return diags.map((d) => {
    const path = d.loc?.file ?? '.';
    // GitLab compares issues between the branch and its target by fingerprint: leaving the line
    // out keeps an issue "the same" when lines above it move; the occurrence count keeps two
    // identical messages in one file apart.
    const key = `${d.rule}\0${path}\0${d.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      description: d.message,
      check_name: d.rule,
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex'),
      severity: d.severity === 'error' ? 'major' : 'minor',
      location: { path, lines: { begin: d.loc?.line ?? 1 } },
    };
  });
}
