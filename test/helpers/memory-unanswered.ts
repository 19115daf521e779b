import type { UnansweredLog, UnansweredQuestion } from '../../bot/ports.ts';

/** Keeps what the router hands to the review queue, for assertions. */
export class MemoryUnansweredLog implements UnansweredLog {
  readonly questions: UnansweredQuestion[] = [];
  async record(question: UnansweredQuestion): Promise<void> {
    this.questions.push(question);
  }
}
