/**
 * Tells reports of a problem ("đèn đường trước nhà tắt cả tuần", "the taxi charged me 900k")
 * from questions that merely mention one ("how do I file a formal complaint?"), and ranks the
 * complaint categories by how much the message resembles their example reports.
 */
import type { Lang } from '../language/langs.ts';
import type { KnowledgeSnapshot, SearchHit } from '../ports.ts';
import { foldDiacritics } from '../text/vietnamese.ts';

export interface ComplaintDetection {
  category: string;
  /** Other plausible categories, best first. */
  alternatives: string[];
  confidence: number;
}

/** Words that describe something wrong, per language (matched on folded, lower-case text). */
const PROBLEM_SIGNALS: Record<Lang, RegExp> = {
  vi: /\b(hong|hu|hu hong|tat|mat (dien|nuoc)|khong (sang|chay|co nuoc|co dien|ai (don|sua|xu ly))|chua (sua|don|xu ly)|bi (vo|nut|sap|do|ngap|tac|ung|chat chem|lua|ep)|ngap|tac|ung|day rac|rac (thai )?(bun|bay|ton|do|chat|boc|hoi)|do rac|xa rac|boc mui|hoi thoi|on ao|om som|hat karaoke|karaoke|lan chiem|chiem (via he|long duong|le duong)|o ga|o voi|nut|sut lun|gay|do nga|nga do|chat chem|lua dao|doi gia|tinh tien|lay (gia|tien) (cao|mac|dat)|cheo keo|cho thue|ban hang rong|xay (dung )?(trai phep|khong phep)|quang cao (trai phep|bay)|ro ri|vo ong|nuoc (duc|ban|co mui|yeu)|cay (do|nga|gay)|canh cay|thai do|ha hach|nhung nhieu|cham tre|gay kho|phien|toi om|chay no|dong ho|khong chiu)\b/,
  en: /\b(broken|not working|doesn'?t work|out|dark|no (water|power|electricity|light)|overflow\w*|flood\w*|blocked|clogged|pothole\w*|crack\w*|smell\w*|stink\w*|dump\w*|litter\w*|garbage|trash|rubbish|noise|noisy|loud|karaoke|blocking|encroach\w*|illegal\w*|overcharg\w*|charged (me|us)|rip(ped)? ?off|scam\w*|cheat\w*|tout\w*|harass\w*|leak\w*|burst|dirty|fallen|fell|collapsed|dangerous|rude|unhelpful|delay\w*|waiting for (weeks|months)|hasn'?t been|for (days|weeks)|all week|still)\b/,
  fr: /\b(en panne|casse\w*|ne (marche|fonctionne) (pas|plus)|eteint\w*|deborde\w*|inonde\w*|bouche\w*|nid[s]? de poule|trou|ordures|dechets|poubelles?|odeur|bruit|bruyant|karaoke|arnaque\w*|escroqu\w*|trop (paye|cher)|surfactur\w*|rabatteurs?|fuite|sale|tombe\w*|dangereux|impoli|retard|bloque\w*|illegal\w*)\b/,
  ko: /(고장|안 ?켜|꺼져|불이 안|넘쳐|막혀|막혔|침수|잠겼|냄새|악취|쓰레기|시끄러|소음|노래방|바가지|사기|속았|과다 ?요금|더 받|호객|새요|새고|터졌|흙탕|쓰러|부러|위험|불친절|지연|노점|점거|불법|포트홀|구멍|파손)/,
  zh: /(坏了|坏掉|不亮|不工作|没水|停水|停电|溢出|满了|堆满|堵|淹|积水|臭|垃圾|吵|噪音|卡拉OK|宰客|多收|乱收费|骗|被坑|拉客|漏水|爆管|脏|倒了|断了|危险|态度(差|不好)|拖延|占道|违章|违法|坑洼|破损|乱扔)/,
  ja: /(壊れ|故障|つかない|消えて|点かない|水が出ない|停電|あふれ|溢れ|詰ま|冠水|浸水|臭い|におい|ゴミ|ごみ|うるさ|騒音|カラオケ|ぼったく|ぼられ|詐欺|だまされ|高く請求|客引き|水漏れ|破裂|汚い|倒れ|折れ|危ない|危険|態度が悪|遅い|占拠|違法|穴|陥没|破損)/,
};

/** Question forms that ask HOW to do something rather than report it. */
const QUESTION_FORMS: Record<Lang, RegExp> = {
  vi: /(lam (sao|the nao)|the nao|nhu the nao|o dau|o mo|cach (nao|de)?|thu tuc|ho so|can (giay to )?gi|bao (lau|nhieu)|co (duoc|phai) khong|khong\?|muon (biet|hoi)|cho (toi |em |minh )?hoi|huong dan|quy dinh|khieu nai|to cao|gui phan anh (qua|o|bang)|phan anh (qua|o) dau|so (dien thoai|hotline)|\?$)/,
  en: /(^|\b)(how (do|can|to|long|much)|what (is|are|should|do)|where (is|are|can|do)|when (is|does|do)|can i|is it|are there|do i need|should i|procedure|formal complaint|file a complaint|lodge a complaint|tips?|advice)\b|\?$/,
  fr: /(^|\b)(comment|ou (est|sont|puis)|quand|combien|est-ce que|puis-je|peut-on|faut-il|quelle?s? (est|sont)|procedure|deposer une plainte)\b|\?$/,
  ko: /(어떻게|어디|언제|얼마|방법|절차|되나요|할 수 있나요|있나요|인가요|하나요|\?$)/,
  zh: /(怎么|如何|哪里|哪儿|什么时候|多少|吗[？?]?$|能不能|可以.*吗|手续|流程|程序|\?$|？$)/,
  ja: /(どうやって|どこ|いつ|いくら|方法|手続き|できますか|ありますか|ですか[？?]?$|\?$|？$)/,
};

export function looksLikeQuestion(text: string, lang: Lang): boolean {
  return QUESTION_FORMS[lang].test(foldDiacritics(text.toLowerCase()).trim());
}

export function hasProblemSignal(text: string, lang: Lang): boolean {
  const folded = foldDiacritics(text.toLowerCase());
  return PROBLEM_SIGNALS[lang].test(folded) || (lang !== 'en' && PROBLEM_SIGNALS.en.test(folded));
}

export interface ComplaintDetectorOptions {
  /** Coverage of the best category's examples needed when a problem word is present. */
  withSignal: number;
  /** Coverage needed when no problem word is present. */
  withoutSignal: number;
}

const DEFAULTS: ComplaintDetectorOptions = { withSignal: 0.3, withoutSignal: 0.6 };

export function detectComplaint(
  text: string,
  lang: Lang,
  knowledge: KnowledgeSnapshot,
  knowledgeHits: SearchHit[],
  options: ComplaintDetectorOptions = DEFAULTS,
): ComplaintDetection | undefined {
  const matches = knowledge.matchComplaintCategories(text, { lang, limit: 4 });
  const best = matches[0];
  const signal = hasProblemSignal(text, lang);
  const question = looksLikeQuestion(text, lang);
  const knowledgeCoverage = knowledgeHits[0]?.coverage ?? 0;
  if (!best) return undefined;
  // A question that the knowledge base answers well is a question, even if it mentions a problem.
  if (question && !signal) return undefined;
  if (question && knowledgeCoverage >= best.coverage + 0.1) return undefined;
  const needed = signal ? options.withSignal : options.withoutSignal;
  if (best.coverage < needed) return undefined;
  if (!signal && knowledgeCoverage >= best.coverage) return undefined;
  return {
    category: best.id,
    alternatives: matches.slice(1).filter((m) => m.score >= best.score * 0.5).map((m) => m.id),
    confidence: Math.min(1, best.coverage + (signal ? 0.2 : 0)),
  };
}
