// Every command's name, its usage line and one-line summary, in the order `gitlb --help` lists
// them. The command files take their summary from here, so the listing, which `gitlb --help`
// prints without importing any command file (see commands.ts), is the one each command has.
// A test checks that the listing is the same with every command file imported.

/** A command as `gitlb --help` lists it. */
export interface CommandListing {
  name: string;
  /** What follows the name in the listing (commander's usage: `[options] [PATH]`). */
  usage: string;
  summary: string;
}

export const COMMAND_LIST = [
  { name: 'validate', usage: '[options] [PATH...]', summary: 'check config trees (ServiceGroup, LBNodeAgent, BGPConfiguration)' },
  { name: 'plan', usage: '[options] [PATH]', summary: 'show which Service gets which address and which node announces it' },
  { name: 'apply', usage: '[options] [PATH]', summary: 'plan against the live cluster and apply it' },
  { name: 'reconcile', usage: '[options]', summary: 'run the controller: follow Git (or a dir, or the cluster) and apply' },
  { name: 'agent', usage: '[options]', summary: 'run the node agent: addresses on interfaces, BIRD, status, heartbeat' },
  { name: 'state', usage: '[options]', summary: 'dump the observed cluster as a state file for plan --state' },
  { name: 'import', usage: '', summary: 'convert MetalLB or PureLB config to gitlb kinds' },
  { name: 'emulator', usage: '[options]', summary: 'run an in-memory Kubernetes API server (demos, tests)' },
  { name: 'lab', usage: '', summary: "a whole cluster's network in namespaces: see BGP ECMP and failover work (root)" },
] as const satisfies readonly CommandListing[];

/** A command's name as listed. */
export type CommandName = (typeof COMMAND_LIST)[number]['name'];

/** The one-line summary of a command. */
export function summaryOf(name: CommandName): string {
  return COMMAND_LIST.find((c) => c.name === name)!.summary;
}
