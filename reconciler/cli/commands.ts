// The list of commands: each lives in its own file and exports a `register(program)` function.
import type { Command } from 'commander';

/** Adds every command to the program. */
export function registerCommands(program: Command): void {
  void program;
}
