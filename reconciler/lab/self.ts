// How the lab starts gitlb itself inside a namespace: the same Node and the same build as the
// running command (dist/.../main.js; from the TypeScript sources through tsx when run that way).
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

/** argv that runs `gitlb ...args`. */
export function gitlbArgv(...args: string[]): string[] {
  const js = path.join(here, '..', 'cli', 'main.js');
  if (existsSync(js)) return [process.execPath, js, ...args];
  return [process.execPath, '--import', 'tsx', path.join(here, '..', 'cli', 'main.ts'), ...args];
}
