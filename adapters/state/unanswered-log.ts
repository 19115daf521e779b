/** Questions the assistant could not answer, appended as JSON lines for staff to review. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact } from '../../bot/privacy/redact.ts';
import type { UnansweredLog, UnansweredQuestion } from '../../bot/ports.ts';

export class FileUnansweredLog implements UnansweredLog {
  private ready: Promise<unknown>;

  constructor(private readonly path: string) {
    this.ready = mkdir(dirname(path), { recursive: true });
  }

  async record(question: UnansweredQuestion): Promise<void> {
    await this.ready;
    await appendFile(this.path, JSON.stringify({ ...question, text: redact(question.text), at: question.at.toISOString() }) + '\n');
  }
}

export class MemoryUnansweredLog implements UnansweredLog {
  readonly questions: UnansweredQuestion[] = [];
  async record(question: UnansweredQuestion): Promise<void> {
    this.questions.push(question);
  }
}
