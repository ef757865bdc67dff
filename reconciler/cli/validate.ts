// `gitlb validate [PATH...]`: load and check config trees or files, print located diagnostics.
// Exit 0 when valid (warnings allowed), 1 when invalid.
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { DIAGNOSTIC_FORMATS, renderDiagnostics, type DiagnosticFormat } from '../report/diagnostics.js';
import { ExitError } from './errors.js';
import { summaryOf } from './command-list.js';

/** Adds the validate command to the program. */
export function register(program: Command): void {
  program
    .command('validate')
    .summary(summaryOf('validate'))
    .description(
      [
        'Check config files or directories: YAML syntax, each document against its JSON Schema, then the rules a schema cannot express (pools inside their subnets, no overlapping pools, unique names, ASNs, timers, ...).',
        'Directories are searched for .yaml/.yml files (hidden folders skipped); all paths together form one config tree. gitlb.io/v1 kinds and the PureLB forms (purelb.io/v1, purelb.io/v2, bgp.purelb.io/v1) are read; documents of other kinds are skipped and counted (errors with --strict).',
        'Each problem is printed as path:line:col: error: message (rule-id).',
      ].join('\n\n'),
    )
    .argument('[PATH...]', 'config directories or files (default: the current directory)')
    .addOption(new Option('--format <format>', 'output format').choices([...DIAGNOSTIC_FORMATS]).default('text'))
    .option('--strict', 'treat documents of other kinds as errors', false)
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb validate examples/basic
  $ gitlb validate config/ extra/servicegroup.yaml --strict
  $ gitlb validate config/ --format github      # annotations on the PR diff (GitHub Actions)
  $ gitlb validate config/ --format markdown    # a table for a PR comment
  $ gitlb validate config/ --format sarif > gitlb.sarif
  $ gitlb validate config/ --format gitlab > gl-code-quality-report.json   # GitLab Code Quality artifact

Exit codes: 0 valid (warnings allowed), 1 invalid or a usage error.`,
    )
    .action(async (paths: string[], opts: { format: DiagnosticFormat; strict: boolean }) => {
      const result = await loadConfig(paths, { strict: opts.strict });
      const summary = { files: result.stats?.files ?? 0, documents: result.stats?.documents ?? 0, skipped: result.skipped };
      process.stdout.write(renderDiagnostics(result.diagnostics, opts.format, summary));
      if (!result.ok) throw new ExitError(1);
    });
}
