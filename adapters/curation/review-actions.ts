/**
 * What an editor can do with a review-queue group, shared by the staff API and the console
 * pages: add it as an alternate question of an entry, add it as an out-of-scope example, or
 * dismiss it. A knowledge change is validated and written by the knowledge files, committed when
 * the folder is a git checkout, and the action returns once the assistant serves the new version.
 */
import type { Lang } from '../../bot/language/langs.ts';
import type { Logger } from '../../bot/ports.ts';
import type { KnowledgeEdit, KnowledgeFiles, ReviewGroup, ReviewQueue } from '../../bot/review/ports.ts';
import { commitKnowledgeFile, editorAuthor, type KnowledgeCommit } from './git-history.ts';

export class ReviewActionError extends Error {
  constructor(readonly status: number, readonly error: string, reason: string, readonly field?: string) {
    super(reason);
    this.name = 'ReviewActionError';
  }
}

export interface KnowledgeChangeResult {
  group: ReviewGroup;
  edit: KnowledgeEdit;
  git: KnowledgeCommit;
  /** Milliseconds from the write until the assistant answered from the change; absent on time-out. */
  servedAfterMs?: number;
}

export interface ReviewActionsOptions {
  queue: ReviewQueue;
  knowledge: KnowledgeFiles;
  /** The version of the knowledge base the assistant answers from now. */
  servedVersion(): string;
  logger: Logger;
  /** How long an action waits for the assistant to serve a change. */
  reloadTimeoutMs?: number;
}

export interface ReviewActions {
  addAlternate(groupId: string, input: { entryId: string; lang?: Lang; question?: string }, editor: string): Promise<KnowledgeChangeResult>;
  markOutOfScope(groupId: string, input: { topic: string; lang?: Lang; question?: string }, editor: string): Promise<KnowledgeChangeResult>;
  dismiss(groupId: string, note: string | undefined, editor: string): Promise<ReviewGroup>;
}

export function createReviewActions(options: ReviewActionsOptions): ReviewActions {
  const { queue, knowledge, logger } = options;

  const openGroup = async (id: string): Promise<ReviewGroup> => {
    const group = await queue.get(id);
    if (!group) throw new ReviewActionError(404, 'not_found', 'no such review group');
    if (group.status !== 'open') throw new ReviewActionError(409, 'already_resolved', `this question was already ${group.status}`);
    return group;
  };

  /** The editor's wording, or the group's (redacted) question. */
  const questionOf = (group: ReviewGroup, given: string | undefined): string => {
    const text = given?.trim() || group.sample;
    if (!text) throw new ReviewActionError(400, 'invalid_request', 'this rating has no question: write the question to add', 'question');
    return text;
  };

  const servedWithin = async (version: string, started: number): Promise<number | undefined> => {
    const deadline = started + (options.reloadTimeoutMs ?? 180_000);
    while (Date.now() < deadline) {
      if (options.servedVersion() === version) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };

  const commit = async (edit: KnowledgeEdit, message: string, editor: string): Promise<KnowledgeCommit> => {
    try {
      return await commitKnowledgeFile(knowledge.dir, edit.file, message, editorAuthor(editor));
    } catch (error) {
      // The file is written and valid; a failed commit must not undo the editor's work.
      logger.error('knowledge change written but not committed', { file: edit.file, error: (error as Error).message });
      return { skipped: 'git commit failed; see the log' };
    }
  };

  const change = async (
    group: ReviewGroup,
    write: () => Promise<KnowledgeEdit>,
    message: string,
    resolution: string,
    status: 'added' | 'out-of-scope',
    editor: string,
  ): Promise<KnowledgeChangeResult> => {
    const started = Date.now();
    const edit = await write();
    const git = await commit(edit, message, editor);
    const resolved = await queue.resolve(group.id, { status, by: editor, resolution });
    const servedAfterMs = await servedWithin(edit.version, started);
    logger.info('knowledge edited from the review queue', { group: group.id, file: edit.file, status, by: editor, servedAfterMs });
    return { group: resolved, edit, git, ...(servedAfterMs !== undefined ? { servedAfterMs } : {}) };
  };

  return {
    async addAlternate(groupId, input, editor) {
      const group = await openGroup(groupId);
      const text = questionOf(group, input.question);
      const lang = input.lang ?? group.lang;
      return change(
        group,
        () => knowledge.addAlternateQuestion(input.entryId, lang, text),
        `Knowledge: "${text}" as an alternate question of ${input.entryId} (${lang})`,
        `${input.entryId}/${lang}`,
        'added',
        editor,
      );
    },
    async markOutOfScope(groupId, input, editor) {
      const group = await openGroup(groupId);
      const text = questionOf(group, input.question);
      const lang = input.lang ?? group.lang;
      return change(
        group,
        () => knowledge.addOutOfScopeExample(input.topic, lang, text),
        `Knowledge: "${text}" as an out-of-scope example of ${input.topic} (${lang})`,
        input.topic,
        'out-of-scope',
        editor,
      );
    },
    async dismiss(groupId, note, editor) {
      const group = await openGroup(groupId);
      return queue.resolve(group.id, { status: 'dismissed', by: editor, ...(note ? { resolution: note } : {}) });
    },
  };
}
