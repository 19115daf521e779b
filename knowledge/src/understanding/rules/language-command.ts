/** Explicit requests to change the conversation's language: "/lang ko", "English please", "한국어". */
import { foldDiacritics } from '../../../../bot/text/vietnamese.ts';
import { isLang, type Lang } from '../../../../bot/language/langs.ts';

const NAMED: [Lang, RegExp][] = [
  ['en', /^(in )?english( please| pls)?$|^(speak|answer|reply) (in )?english|^tieng anh$/],
  ['vi', /^(tieng viet|vietnamese|in vietnamese|noi tieng viet|tra loi (bang )?tieng viet)( (di|nhe|nha|please))?$/],
  ['ko', /^(한국어|한국말|korean|in korean|tieng han)( ?(로|으로)? ?(해 ?주세요|부탁해요|please))?$/],
  ['zh', /^(中文|汉语|普通话|请用中文|用中文|chinese|in chinese|tieng trung)(回答|说|吧)?$/],
  ['ja', /^(日本語|日本語で|日本語でお願いします|japanese|in japanese|tieng nhat)$/],
  ['fr', /^(francais|en francais|french|in french|tieng phap)( (s'il vous plait|svp|please))?$/],
];

export function parseLanguageCommand(text: string): Lang | undefined {
  const clean = foldDiacritics(text.trim().toLowerCase()).replace(/[.!?]+$/, '').trim();
  const command = /^\/?(?:lang|language|ngon ngu)\s+([a-z]{2})$/.exec(clean) ?? /^lang:([a-z]{2})$/.exec(clean);
  if (command) return isLang(command[1]) ? command[1] : undefined;
  for (const [lang, pattern] of NAMED) if (pattern.test(clean)) return lang;
  return undefined;
}
