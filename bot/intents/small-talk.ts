/**
 * Greetings, thanks and requests for help or the menu. Patterns are matched on the folded,
 * lower-cased message so "chao ban" and "chào bạn" both count. Only short messages qualify:
 * "hello, how much is the ticket?" is a question, not a greeting.
 */
import { foldDiacritics } from '../text/vietnamese.ts';

export type SmallTalk = 'greeting' | 'thanks' | 'help' | 'capabilities';

const PATTERNS: [SmallTalk, RegExp][] = [
  ['capabilities', /^(what can you do|what do you do|who are you|what are you|ban (la ai|lam duoc (gi|nhung gi|chi))|bot (nay|ni) (lam duoc )?(gi|chi)|ban giup duoc (gi|chi)|무엇을 할 수 있|뭘 할 수 있|뭐 할 수 있|넌 누구|너는 누구|你能做什么|你是谁|你会什么|何ができ|あなたは誰|que (sais|peux)-tu faire|qui es-tu|tu sers a quoi|que pouvez-vous faire)/],
  ['help', /^(\/?help|\/?start|\/?menu|menu|help me|huong dan|tro giup|giup (toi|em|minh|voi)|can giup do|bat dau|도움말|도움|메뉴|시작|帮助|菜单|开始|ヘルプ|メニュー|助けて|aide|menu principal|commencer)$/],
  ['thanks', /^(thanks?( you)?( so much| a lot)?|thank u|thx|ty|tks|cam on|cam ơn|cảm ơn|camon|cam on (ban|bot|nhieu|nhe|nha|ad|em|anh|chi)|cảm ơn.*|감사합니다|고마워요?|고맙습니다|谢谢(你|您)?|多谢|ありがとう(ございます)?|どうも|merci( beaucoup| bien)?)[.! ]*$/],
  ['greeting', /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|alo+|a lo|xin chao|chao( ban| bot| ad| em| anh| chi| buoi sang| ca nha)?|hello bot|hi bot|안녕(하세요)?|안녕하십니까|你好|您好|嗨|哈喽|こんにちは|こんばんは|おはよう(ございます)?|bonjour|bonsoir|salut|coucou)[.!,? ]*$/],
];

/** What kind of small talk the message is, if any. */
export function detectSmallTalk(text: string): SmallTalk | undefined {
  const clean = foldDiacritics(text.toLowerCase()).replace(/[!.?,~😊🙂👋🙏]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!clean || clean.length > 60) return undefined;
  for (const [kind, pattern] of PATTERNS) if (pattern.test(clean)) return kind;
  return undefined;
}
