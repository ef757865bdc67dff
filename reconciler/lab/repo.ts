// The lab's config repository: a bare Git remote in the lab directory (branch main), seeded
// with one commit of the example config, that the reconciler follows like a real remote.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';

/** Identity of the lab's own commits (the seed). */
export const LAB_GIT_IDENTITY = { name: 'gitlb lab', email: 'lab@gitlb.invalid' } as const;

/** Creates the bare repo and pushes the seed files (YAML and Markdown of `seedDir`) to main. */
export async function seedRepo(repo: string, seedDir: string): Promise<string> {
  await simpleGit().raw(['init', '--bare', '--initial-branch=main', repo]);
  const work = await mkdtemp(path.join(tmpdir(), 'gitlb-lab-seed-'));
  try {
    const git = simpleGit(work);
    await git.init(['--initial-branch=main']);
    await git.addConfig('user.name', LAB_GIT_IDENTITY.name).addConfig('user.email', LAB_GIT_IDENTITY.email);
    for (const f of await readdir(seedDir)) {
      if (/\.(ya?ml|md)$/.test(f)) await cp(path.join(seedDir, f), path.join(work, f));
    }
    await git.add('.');
    await git.commit(`lab seed from ${path.basename(seedDir)}`);
    await git.addRemote('origin', repo);
    await git.push('origin', 'main');
    return (await git.revparse(['HEAD'])).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
