// The list of commands: each lives in its own file and exports a `register(program)` function.
// Importing a command's file imports everything it uses (the Kubernetes client alone is ~800
// modules, about a second of startup on this machine), so only the file of the command being
// run is imported. With no command name (`gitlb --help`), `gitlb help ...` or a mistyped name,
// every file is imported so commander can list the commands and suggest the closest one.
// A new command is one line in COMMANDS.
import type { Command } from 'commander';

/** What every command file exports. */
interface CommandModule {
  register(program: Command): void;
}

/** Every command by name, in the order `gitlb --help` lists them. */
const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<CommandModule> }> = [
  { name: 'validate', load: () => import('./validate.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'apply', load: () => import('./apply.js') },
  { name: 'reconcile', load: () => import('./reconcile.js') },
  { name: 'agent', load: () => import('./agent.js') },
  { name: 'state', load: () => import('./state.js') },
  { name: 'import', load: () => import('./import.js') },
  { name: 'emulator', load: () => import('./emulator.js') },
  { name: 'lab', load: () => import('./lab.js') },
];

/** Adds the command named in argv to the program, or every command when argv names none of them. */
export async function registerCommands(program: Command, argv: readonly string[] = process.argv): Promise<void> {
  // The program's own options (--help, --version) take no value, so the first word that is not
  // an option is the command name.
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  // `gitlb --version` prints one line: no command file is needed for it.
  if (name === undefined && argv.slice(2).some((a) => a === '--version' || a === '-V')) return;
  const named = COMMANDS.filter((c) => c.name === name);
  const modules = await Promise.all((named.length > 0 ? named : COMMANDS).map((c) => c.load()));
  for (const m of modules) m.register(program);
}
