/**
 * Greetings, thanks and requests for help or the menu. A message counts only when, once polite
 * filler is set aside ("ơi", "nha", "there", "so much"), nothing but small-talk words remain:
 * "hello, how much is the ticket?" is a question, not a greeting.
 */
import { UNSPACED_SCRIPT } from '../../../../bot/text/scripts.ts';
import { foldDiacritics } from '../../../../bot/text/vietnamese.ts';

export type SmallTalk = 'greeting' | 'thanks' | 'help' | 'capabilities';

/** Latin-script words, folded: what each kind of small talk is made of. */
const WORDS: Record<Exclude<SmallTalk, 'capabilities'>, Set<string>> = {
  greeting: new Set('buoi sang trua chieu hi hello hey hiya yo greetings morning afternoon evening good alo allo xin chao chao bonjour bonsoir salut coucou howdy'.split(' ')),
  thanks: new Set('thanks thank thx ty tks tk cam camon on merci beaucoup cool great ok okay oke perfect awesome helpful useful helped appreciate appreciated nice huu ich tuyet voi qua hay utile super genial'.split(' ')),
  help: new Set('help menu start huong dan tro giup aide commencer options'.split(' ')),
};
const FILLER = new Set(
  'there all everyone guys bot ad admin you so much a lot very many oi nha nhe nhieu ban em anh chi ah u minh ne ha nghe nhen voi to me please pls svp bien tout le monde the assistant rat really that is was it s bn da rua ro roi la vay duoc thoi xong cho xem tui toi can need i want muon pour votre vos ton ta'.split(' '),
);


/** Ways of addressing the assistant; alone (with filler) they call for its attention. */
const ADDRESSED = new Set('ad admin bot oi alo'.split(' '));

/** Whole messages in scripts without spaces, or fixed phrases. */
const PHRASES: [SmallTalk, RegExp][] = [
  ['capabilities', /(what (else )?can you( \w+)? do|what do you do|what can you help|how can you help|who are you|what are you|ban (la ai|lam duoc (gi|nhung gi|chi))|bot (nay|ni) (lam duoc |giup duoc )?(gi|chi)|(ban|bot) giup (duoc )?(gi|chi)|ban co the lam gi|무엇을 할 수|뭘 할 수|뭐 할 수|뭘 도와|어떤 걸 도와|무엇을 도와|넌 누구|너는 누구|누구세요|你能做什么|你能干什么|你能帮我(做|干)?(什么|啥)|能帮我干点?啥|你是谁|你会什么|何ができ|何を手伝|どんなことを手伝|手伝ってもらえ|あなたは誰|que (sais|peux)-tu faire|tu sais faire quoi|qui es-tu|tu sers a quoi|que pouvez-vous faire|vous pouvez m'aider a quoi)/],
  ['help', /^(\/?(help|start|menu)|도움말|도움|메뉴|시작|帮助|菜单|开始|ヘルプ|メニュー|助けて)$/],
  // Openers that announce a question without asking it yet.
  ['help', /^(i have a question|i have some questions|can you help( me)?|could you help( me)?|help me please|(xin )?cho (toi|minh|em|tui|bac|chau|con) hoi( chut| ti| cai| xiu)?( viec)?|(toi|minh|em|tui|bac|chau|con|co|chu) (muon|can) hoi( chut| ti| xiu)?( viec| cai)?|(toi|minh|em|tui) can (giup do|ho tro|giup)( chut| ti| xiu| voi)?|giup (toi|minh|em|tui) voi|질문(이)? 있(어요|습니다)|도와(주세요|줘)|我有(个|一个)?问题|请帮(帮)?我|帮帮我|質問があります|手伝ってください|j ?'?ai une question|j ?'?ai des questions|aidez-moi|aidez moi|pouvez-vous m ?'?aider|pouvez vous m ?'?aider|(je voudrais|j ?'?aimerais) (quelques |des )?(infos|informations|renseignements)( pour preparer (ma|notre) visite)?)$/],
  ['thanks', /^(감사합니다|감사해요|고마워요?|고맙습니다|谢谢(你|您|啦)?|多谢|感谢|ありがとう(ございます|ございました)?|どうも(ありがとう)?)$/],
  // Thanks followed by a short remark ("감사합니다!! 덕분에 잘 다녀왔어요", "谢谢你，很有帮助").
  ['thanks', /^(네 ?|예 ?|好的 ?|好 ?|嗯 ?|はい ?)?(감사합니다|감사해요|고마워요?|고맙습니다|谢谢|多谢|感谢|ありがとう)[^?？]{0,20}$/],
  ['greeting', /^(안녕(하세요)?|안녕하십니까|반가워요|你好(呀|啊)?|您好|嗨|哈喽|こんにちは|こんばんは|おはよう(ございます)?|はじめまして)( ?よろしく(お願いします|お願いいたします)?)?$/],
  // Closing thanks with a kind word ("thanks a lot, that was super helpful! have a great day").
  ['thanks', /^(thanks|thank you|thx|merci|cam on)( a lot| so much| very much| beaucoup| nhieu)?( (that|it) (was|is) (super |very |really |so )?(helpful|useful|great|perfect))?( (pour|for) (votre|ton|your|the) (aide|help))?( (have a|bonne) (great |good |nice )?(day|journee|soiree|evening|trip))?$/],
];

/** What kind of small talk the message is, if any. */
export function detectSmallTalk(text: string): SmallTalk | undefined {
  const clean = foldDiacritics(text.toLowerCase().normalize('NFC'))
    .replace(/[!.?,~…:;()"'“”。！？、，]+/gu, ' ')
    .replace(/\p{Extended_Pictographic}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean || clean.length > 60) return undefined;
  // Spaces are optional in CJK text, so there phrases are tried with and without them.
  const spaced = UNSPACED_SCRIPT.test(clean);
  const matches = (pattern: RegExp, text: string) => pattern.test(text) || (spaced && text.includes(' ') && pattern.test(text.replace(/\s+/g, '')));
  for (const [kind, pattern] of PHRASES) if (matches(pattern, clean)) return kind;
  // "Hello, I have a question" is still small talk: drop a leading greeting and look again.
  const opener = /^(hi|hello|hey|xin chao|chao( ban| ad| bot| chau| em| anh| chi| co| chu| bac)?|alo|bonjour|salut|안녕하세요|你好|您好|こんにちは)\s+(.+)$/.exec(clean);
  if (opener) {
    const rest = opener[3]!;
    if (PHRASES.some(([kind, pattern]) => kind === 'help' && matches(pattern, rest))) return 'greeting';
  }
  const all = clean.split(' ');
  const words = all.filter((w) => !FILLER.has(w));
  // "ad ơi", "bot ơi": calling the assistant by name is asking for its attention.
  if (words.length === 0) return all.some((w) => ADDRESSED.has(w)) ? 'greeting' : undefined;
  if (words.length > 4) return undefined;
  for (const kind of ['help', 'thanks', 'greeting'] as const) {
    if (words.every((w) => WORDS[kind].has(w) || WORDS.greeting.has(w) || WORDS.thanks.has(w)) && words.some((w) => WORDS[kind].has(w))) {
      return kind;
    }
  }
  return undefined;
}
