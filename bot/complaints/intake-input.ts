/**
 * The short answers people type instead of pressing a button, as the intake steps ask them.
 * The words come from the locale packs (bot/understanding/closed-answers.ts).
 */
import { readClosedAnswers, type ClosedAnswer } from '../understanding/closed-answers.ts';

const says = (text: string, ...answers: ClosedAnswer[]) => {
  const read = readClosedAnswers(text);
  return answers.some((a) => read.has(a));
};

export const isCancel = (text: string) => says(text, 'cancel');
/** "Yes", and at a confirmation "send" means the same. */
export const isYes = (text: string) => says(text, 'yes', 'send');
/** "Send it": at an optional step, the person wants the report sent as it is. */
export const isSend = (text: string) => says(text, 'send');
export const isNo = (text: string) => says(text, 'no');
export const isSkip = (text: string) => says(text, 'skip');
export const isChangeLocation = (text: string) => says(text, 'changeLocation');
export const isRestart = (text: string) => says(text, 'restart');
/** "I don't know" and nothing else: a place is still needed, so the person is asked for a landmark. */
export const isOnlyDontKnow = (text: string) => says(text, 'dontKnow');
