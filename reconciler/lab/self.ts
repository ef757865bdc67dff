// How the lab starts gitlb itself inside a namespace: the same Node and the same build as the
// running command (dist/reconciler/cli/main.js; from the TypeScript sources through tsx when run that way).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The package root (holds package.json and examples/). */
export function packageRoot(): string {
  let dir = here;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${here}`);
    dir = up;
  }
  return dir;
}

/** argv that runs `gitlb ...args`: the source through tsx when this code runs from source, else the built binary. */
export function gitlbArgv(...args: string[]): string[] {
  const root = packageRoot();
  // From source (tsx, vitest) this file is itself a .ts file; built, it sits in a bundle chunk
  // somewhere under dist/, so the binary is found from the package root, not from this file.
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return [process.execPath, path.join(root, 'dist', 'reconciler', 'cli', 'main.js'), ...args];
  return [process.execPath, '--import', 'tsx', path.join(root, 'reconciler', 'cli', 'main.ts'), ...args];
}
