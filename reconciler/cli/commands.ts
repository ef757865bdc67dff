// The commands: each lives in its own file and exports a `register(program)` function.
// Importing a command's file imports everything it uses (the Kubernetes client alone is ~800
// modules, about a second of startup on this machine), so only the file of the command being
// run is imported. With no command name (`gitlb --help`, `gitlb`) or a mistyped one, no file is
// imported: each command is listed from command-list.ts, which is enough for commander to list
// them and to suggest the closest name. `gitlb help NAME` imports NAME's file.
// A new command is one line here and one in command-list.ts.
import { Help, type Command } from 'commander';
import { COMMAND_LIST, type CommandName } from './command-list.js';

/** What every command file exports. */
interface CommandModule {
  register(program: Command): void;
}

/** Every command's file. */
const LOADERS: Readonly<Record<CommandName, () => Promise<CommandModule>>> = {
  validate: () => import('./validate.js'),
  plan: () => import('./plan.js'),
  apply: () => import('./apply.js'),
  reconcile: () => import('./reconcile.js'),
  agent: () => import('./agent.js'),
  state: () => import('./state.js'),
  import: () => import('./import.js'),
  emulator: () => import('./emulator.js'),
  lab: () => import('./lab.js'),
};

/** Adds the command that argv names (after `help`, too) to the program; with none, every
 *  command as listed only, unless `full` imports every command file (for tests). */
export async function registerCommands(program: Command, argv: readonly string[] = process.argv, full = false): Promise<void> {
  // The program's own options (--help, --version) take no value, so the first word that is not
  // an option is the command name.
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  const known = COMMAND_LIST.find((c) => c.name === name);
  if (known) {
    (await LOADERS[known.name]()).register(program);
    return;
  }
  if (full) {
    for (const m of await Promise.all(COMMAND_LIST.map((c) => LOADERS[c.name]()))) m.register(program);
    return;
  }
  // `gitlb --version` prints one line: not even the listing is needed for it.
  if (name === undefined && argv.slice(2).some((a) => a === '--version' || a === '-V')) return;
  // Listed, never run: a listed command's action cannot be reached, as argv named none. The
  // listing shows each one's usage as its own file would (commander builds it from options and
  // arguments, which a listed command does not have).
  const terms = new Map<string, string>(COMMAND_LIST.map((c) => [c.name, `${c.name} ${c.usage}`.trimEnd()]));
  const base = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? base.subcommandTerm(cmd) });
  for (const c of COMMAND_LIST) program.command(c.name).summary(c.summary);
}
