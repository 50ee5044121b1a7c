// A throw-away copy of the repository for the release commands and their tests: the working tree as it
// is (uncommitted changesets included), without .git, node_modules and test artifacts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { repoRoot } from './gate.js';

const SKIP = new Set(['.git', 'node_modules', '.artifacts', 'coverage']);

export interface CopyOptions {
  /** Symlink node_modules (root and each package's) to this repository's instead of installing. */
  linkNodeModules?: boolean;
  /** `git init` and commit everything, as in a fresh clone (the changelog generator reads commits). */
  git?: boolean;
}

/** Copies the repository into a new folder under the system's temp dir and returns its path. */
export function copyRepository(options: CopyOptions = {}, source = repoRoot): string {
  const dest = mkdtempSync(join(tmpdir(), 'agora-chat-push-release-'));
  cpSync(source, dest, {
    recursive: true,
    filter: (file) => {
      const rel = relative(source, file);
      if (rel === '') return true;
      return !rel.split(sep).some((part) => SKIP.has(part)) && !basename(file).endsWith('.tgz');
    },
  });
  if (options.git) {
    const git = (...args: string[]): void => {
      const result = spawnSync('git', args, { cwd: dest, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in the copy: ${result.stderr}`);
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=release-copy', '-c', 'user.email=release-copy@localhost', 'commit', '-qm', 'copy of the working tree');
  }
  // After the commit: a symlinked node_modules is a file to git, which `node_modules/` in .gitignore does not match.
  if (options.linkNodeModules) {
    const link = (dir: string): void => {
      if (existsSync(join(source, dir, 'node_modules'))) symlinkSync(join(source, dir, 'node_modules'), join(dest, dir, 'node_modules'), 'dir');
    };
    link('.');
    for (const pkg of readdirSync(join(source, 'packages'))) link(join('packages', pkg));
  }
  return dest;
}
