/** Commits of editors' changes, in a temporary git repository. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitKnowledgeFile, editorAuthor } from '../../adapters/curation/git-history.ts';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

describe('knowledge changes in git history', () => {
  it('commits only the changed file, with the editor as author, leaving other staged work staged', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'hue-git-'));
    const knowledge = join(repo, 'knowledge');
    mkdirSync(join(knowledge, 'entries'), { recursive: true });
    writeFileSync(join(knowledge, 'entries', 'a.md'), 'one\n');
    writeFileSync(join(repo, 'other.txt'), 'x\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.invalid', 'commit', '-qm', 'seed');
    writeFileSync(join(knowledge, 'entries', 'a.md'), 'one\ntwo\n');
    writeFileSync(join(repo, 'other.txt'), 'staged by someone else\n');
    git(repo, 'add', 'other.txt');

    const result = await commitKnowledgeFile(knowledge, 'entries/a.md', 'Knowledge: a question', editorAuthor('Nguyễn Lan'));
    expect(result.commit).toBe(git(repo, 'rev-parse', 'HEAD'));
    expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn|%s')).toBe('Nguyễn Lan <nguyen-lan@staff.invalid>|hue-assistant|Knowledge: a question');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe('knowledge/entries/a.md');
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('other.txt');
  });

  it('skips with a reason outside a checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hue-nogit-'));
    writeFileSync(join(dir, 'a.md'), 'x');
    expect(await commitKnowledgeFile(dir, 'a.md', 'm', editorAuthor('lan'))).toEqual({ skipped: expect.stringContaining('not a git checkout') });
  });
});
