/** Reply → plain-text Zalo messages: Markdown stripped, quick replies as a numbered list. */
import type { Lang } from '../../bot/language/langs.ts';
import type { QuickReply } from '../../bot/types.ts';
import { channelText } from '../channels/messages.ts';
import { numberedList, splitText } from '../channels/text.ts';
import { MAX_TEXT_CHARS } from './protocol.ts';

export interface RenderInput {
  text: string;
  quickReplies: QuickReply[];
  requestLocation?: boolean;
  lang: Lang;
}

export function renderTexts(input: RenderInput): string[] {
  const parts = [plain(input.text)];
  if (input.requestLocation) parts.push(channelText(input.lang, 'sendLocationHint'));
  if (input.quickReplies.length > 0) parts.push(numberedList(channelText(input.lang, 'chooseNumber'), input.quickReplies.map((q) => q.label)));
  return splitText(parts.join('\n\n'), MAX_TEXT_CHARS);
}

/** Zalo shows text as is: keep link targets visible, drop bold markers. */
export function plain(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1 ($2)');
}
