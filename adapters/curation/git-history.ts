/**
 * An editor's change to a knowledge file becomes a commit, with the editor as its author, when
 * the knowledge folder is a git checkout. Only the changed file is committed; whatever else is
 * staged or modified in the checkout is left alone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KnowledgeCommit {
  /** The new commit, or why there is none. */
  commit?: string;
  skipped?: string;
}

export interface Author {
  name: string;
  email: string;
}

/** The service commits; the editor is the author. */
const COMMITTER = { GIT_COMMITTER_NAME: 'hue-assistant', GIT_COMMITTER_EMAIL: 'hue-assistant@localhost' };

async function git(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await run('git', ['-C', dir, ...args], { env: { ...process.env, ...env }, timeout: 15_000 });
  return stdout.trim();
}

/** An author line git accepts, from a staff name (names cannot hold < > or newlines there). */
export function editorAuthor(name: string): Author {
  const clean = name.replace(/[<>\n\r]/g, '').trim() || 'editor';
  const local = clean.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'editor';
  return { name: clean, email: `${local}@staff.invalid` };
}

export async function commitKnowledgeFile(knowledgeDir: string, file: string, message: string, author: Author): Promise<KnowledgeCommit> {
  try {
    if ((await git(knowledgeDir, ['rev-parse', '--is-inside-work-tree'])) !== 'true') return { skipped: 'the knowledge folder is not a git checkout' };
  } catch {
    return { skipped: 'the knowledge folder is not a git checkout (or git is not installed)' };
  }
  await git(knowledgeDir, ['add', '--', file]);
  // `--only` with the path: other staged changes stay staged and out of this commit.
  await git(knowledgeDir, ['commit', '--only', '--no-verify', '-q', '-m', message, `--author=${author.name} <${author.email}>`, '--', file], COMMITTER);
  return { commit: await git(knowledgeDir, ['rev-parse', 'HEAD']) };
}
