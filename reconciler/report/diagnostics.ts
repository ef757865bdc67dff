// Renders located diagnostics for people (text), machines (json), pull-request comments
// (markdown), GitHub Actions annotations (github), code-scanning tools (sarif) and GitLab Code
// Quality reports (gitlab). Used by `gitlb validate` and by `gitlb plan` when
// the config is invalid. Reads diagnostics only; never decides validity.
import type { Diagnostic } from '../config/diagnostic.js';
import { renderGitlabCodeQuality } from './diagnostics-gitlab.js';

/** Output formats of renderDiagnostics. */
export type DiagnosticFormat = 'text' | 'json' | 'markdown' | 'github' | 'sarif' | 'gitlab';

/** Every format, for option parsing and help. */
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'markdown', 'github', 'sarif', 'gitlab'];

/** What was checked, for the closing summary. */
export interface DiagnosticSummary {
  files: number;
  documents: number;
  skipped: number;
}

/** Renders diagnostics in a format; the text ends with a newline (empty string: nothing to print). */
export function renderDiagnostics(diags: readonly Diagnostic[], format: DiagnosticFormat, summary?: DiagnosticSummary): string {
  switch (format) {
    case 'text':
      return renderText(diags, summary);
    case 'json':
      return `${JSON.stringify(renderJson(diags, summary), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(diags, summary);
    case 'github':
      return renderGithub(diags, summary);
    case 'sarif':
      return `${JSON.stringify(renderSarif(diags), null, 2)}\n`;
    case 'gitlab':
      return `${JSON.stringify(renderGitlabCodeQuality(diags), null, 2)}\n`;
  }
}

/** `path:line:col: error: message (rule-id)`, one line per diagnostic. */
export function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.col}: ` : '';
  return `${where}${d.severity}: ${d.message} (${d.rule})`;
}

function counts(diags: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diags.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diags.length - errors };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing line: "valid: 4 documents in 4 files" or "invalid: 2 errors, 1 warning ...". */
export function summaryLine(diags: readonly Diagnostic[], summary: DiagnosticSummary): string {
  const { errors, warnings } = counts(diags);
  const scope = `${plural(summary.documents, 'document')} in ${plural(summary.files, 'file')}` + (summary.skipped ? ` (${summary.skipped} of other kinds skipped)` : '');
  if (errors === 0) return `valid: ${scope}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`;
  return `invalid: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${scope}`;
}

function renderText(diags: readonly Diagnostic[], summary?: DiagnosticSummary): string {
  const lines = diags.map(formatDiagnosticLine);
  if (summary) lines.push(summaryLine(diags, summary));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function renderJson(diags: readonly Diagnostic[], summary?: DiagnosticSummary): object {
  const { errors, warnings } = counts(diags);
  return {
    valid: errors === 0,
    errors,
    warnings,
    ...(summary ? { files: summary.files, documents: summary.documents, skipped: summary.skipped } : {}),
    diagnostics: diags.map((d) => ({
      severity: d.severity,
      rule: d.rule,
      message: d.message,
      file: d.loc?.file ?? null,
      line: d.loc?.line ?? null,
      col: d.loc?.col ?? null,
    })),
  };
}

// Table cells: a '|' would end the cell and a newline the row.
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function renderMarkdown(diags: readonly Diagnostic[], summary?: DiagnosticSummary): string {
  const { errors } = counts(diags);
  const head = summary ? `**gitlb validate** ${errors === 0 ? '✅' : '❌'} ${summaryLine(diags, summary)}\n` : '';
  if (diags.length === 0) return head;
  const rows = diags.map((d) => `| ${d.loc ? `\`${cell(d.loc.file)}:${d.loc.line}:${d.loc.col}\`` : ''} | ${d.severity} | \`${d.rule}\` | ${cell(d.message)} |`);
  return `${head}${head ? '\n' : ''}| where | severity | rule | message |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

// GitHub workflow commands: data escapes %, CR, LF; properties also ':' and ','.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function renderGithub(diags: readonly Diagnostic[], summary?: DiagnosticSummary): string {
  const lines = diags.map((d) => {
    const props = [
      ...(d.loc ? [`file=${escapeProperty(d.loc.file)}`, `line=${d.loc.line}`, `col=${d.loc.col}`] : []),
      `title=${escapeProperty(`gitlb ${d.rule}`)}`,
    ];
    return `::${d.severity} ${props.join(',')}::${escapeData(d.message)}`;
  });
  if (summary) lines.push(summaryLine(diags, summary));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function renderSarif(diags: readonly Diagnostic[]): object {
  const rules = [...new Set(diags.map((d) => d.rule))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gitlb', informationUri: 'https://gitlb.io', rules: rules.map((id) => ({ id })) } },
        results: diags.map((d) => ({
          ruleId: d.rule,
          ruleIndex: rules.indexOf(d.rule),
          level: d.severity,
          message: { text: d.message },
          ...(d.loc
            ? { locations: [{ physicalLocation: { artifactLocation: { uri: d.loc.file }, region: { startLine: d.loc.line, startColumn: d.loc.col } } }] }
            : {}),
        })),
      },
    ],
  };
}
