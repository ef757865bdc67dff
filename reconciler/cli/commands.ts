// The list of commands: each lives in its own file and exports a `register(program)` function.
import type { Command } from 'commander';
import { register as registerEmulator } from './emulator.js';
import { register as registerPlan } from './plan.js';
import { register as registerValidate } from './validate.js';

/** Adds every command to the program. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerPlan(program);
  registerEmulator(program);
}
