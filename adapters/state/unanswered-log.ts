/** Questions the assistant could not answer, appended as JSON lines for staff to review. */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../../bot/privacy/redact.ts';
import type { UnansweredLog, UnansweredQuestion } from '../../bot/ports.ts';

export class FileUnansweredLog implements UnansweredLog {
  private stream: WriteStream | undefined;

  constructor(private readonly path: string) {}

  async record(question: UnansweredQuestion): Promise<void> {
    // One append stream for the process: opening the file per question costs more than answering it.
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.stream = createWriteStream(this.path, { flags: 'a' });
    }
    this.stream.write(JSON.stringify({ ...question, text: redact(question.text), at: question.at.toISOString() }) + '\n');
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}

export class MemoryUnansweredLog implements UnansweredLog {
  readonly questions: UnansweredQuestion[] = [];
  async record(question: UnansweredQuestion): Promise<void> {
    this.questions.push(question);
  }
}
