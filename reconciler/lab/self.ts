// How the lab starts gitlb itself inside a namespace: the same Node and the same build as the
// running command (dist/reconciler/cli/main.js; from the TypeScript sources through tsx when run that way).
import { entryPoint, runningFromSource } from '../cli/own-files.js';

export { packageRoot } from '../cli/own-files.js';

/** argv that runs `gitlb ...args`: the source through tsx when this code runs from source, else the built binary. */
export function gitlbArgv(...args: string[]): string[] {
  const main = entryPoint('reconciler/cli/main');
  return runningFromSource() ? [process.execPath, '--import', 'tsx', main, ...args] : [process.execPath, main, ...args];
}
