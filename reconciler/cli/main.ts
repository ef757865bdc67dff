#!/usr/bin/env node
// The gitlb binary: wires one thin file per command into commander and turns errors into
// exit codes. Commands write results to stdout and logs to stderr.
import { Command, CommanderError } from 'commander';
import { ExitError, UsageError } from './errors.js';
import { registerCommands } from './commands.js';

// dist/ is an esbuild bundle; with GITLB_DEBUG a stack trace names the TypeScript sources of
// the code loaded from here on (the commands' chunks). NODE_OPTIONS=--enable-source-maps maps
// this file too.
if (process.env.GITLB_DEBUG) process.setSourceMapsEnabled(true);

// `gitlb plan ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const program = new Command('gitlb')
  .description(
    'GitOps LoadBalancer addresses for bare-metal Kubernetes.\n\n' +
      'Commit address pools (ServiceGroup), node-agent settings (LBNodeAgent) and router peering ' +
      '(BGPConfiguration) as YAML; gitlb validates them, plans which Service gets which address and ' +
      'which node announces it, and applies that plan.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addHelpText(
  'after',
  `
Examples:
  $ gitlb validate examples/basic
  $ gitlb plan examples/basic --state examples/basic/cluster-state.yaml
  $ gitlb plan examples/basic --state state.yaml --format json --detailed-exitcode

Exit codes: 0 ok, 1 error or invalid config, 2 changes (plan --detailed-exitcode).
Docs: README.md and DESIGN notes in ARCHITECTURE.md.`,
);

try {
  // Inside the try: a command file that fails to load is reported like any other error.
  await registerCommands(program);
  await program.parseAsync(process.argv);
} catch (err: unknown) {
  process.exitCode = exitCodeFor(err);
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end with code 0; commander already printed the usage error.
    return err.exitCode === 0 ? 0 : 1;
  }
  if (err instanceof ExitError) {
    if (err.message) process.stderr.write(`${err.message}\n`);
    return err.code;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n(run with --help for usage)\n`);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(
    `internal error: ${e.message}\nThis is a bug in gitlb; please report it with the command you ran.` +
      (process.env.GITLB_DEBUG ? `\n${e.stack ?? ''}` : ' (GITLB_DEBUG=1 shows the stack)') +
      '\n',
  );
  return 1;
}
