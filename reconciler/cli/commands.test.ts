// `gitlb --help` lists the commands from command-list.ts without importing their files: the
// listing must be exactly the one the command files themselves give.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_LIST } from './command-list.js';
import { registerCommands } from './commands.js';

async function program(argv: string[], full = false): Promise<Command> {
  const p = new Command('gitlb').exitOverride();
  await registerCommands(p, ['node', 'gitlb', ...argv], full);
  return p;
}

describe('registerCommands', () => {
  it('lists every command as its own file does, without importing any', async () => {
    const listed = await program(['--help']);
    const imported = await program(['--help'], true);
    expect(listed.commands.map((c) => c.name())).toEqual(COMMAND_LIST.map((c) => c.name));
    expect(listed.helpInformation()).toBe(imported.helpInformation());
    // Listed commands have no options: nothing of a command file was imported.
    expect(listed.commands.every((c) => c.options.length === 0)).toBe(true);
  });

  it('imports only the command argv names, also after help', async () => {
    for (const argv of [['plan', 'examples/basic'], ['help', 'plan'], ['--help', 'plan']]) {
      const p = await program(argv);
      expect(p.commands.map((c) => c.name())).toEqual(['plan']);
      expect(p.commands[0]!.options.some((o) => o.long === '--state')).toBe(true);
    }
  });

  it('registers nothing for --version', async () => {
    expect((await program(['--version'])).commands).toEqual([]);
  });
});
