/**
 * Tells reports of a problem ("đèn đường trước nhà tắt cả tuần", "the taxi charged me 900k")
 * from questions that merely mention one ("how do I file a formal complaint?"), and ranks the
 * complaint categories by how much the message resembles their example reports.
 *
 * A report needs a problem signal: words that describe something broken, dirty, dangerous, too
 * loud, too expensive or too slow, or that complain about how long it has lasted. Category words
 * alone ("taxi", "boat", "ward office") are what questions are made of too.
 */
import type { Lang } from '../../../../bot/language/langs.ts';
import type { KnowledgeSnapshot, SearchHit } from '../../../../bot/ports.ts';
import { foldDiacritics } from '../../../../bot/text/vietnamese.ts';
import { UNSPACED_SCRIPT } from '../../../../bot/text/scripts.ts';

export interface ComplaintDetection {
  category: string;
  /** Other plausible categories, best first. */
  alternatives: string[];
  confidence: number;
}

/** Chat spellings folded to one form, so "ko sang", "k sáng", "hong sáng" all read "khong sang". */
const VI_SHORTHAND: [RegExp, string][] = [
  [/\b(ko|k|hok|khg|kh|kg)\b/g, 'khong'],
  [/\b(dc|đc|duoc)\b/g, 'duoc'],
  [/\b(r)\b/g, 'roi'],
  [/\b(mk|mik)\b/g, 'minh'],
];

function normalize(text: string, lang: Lang): string {
  let folded = foldDiacritics(text.normalize('NFC').toLowerCase()).replace(/[’‘`]/g, "'");
  if (lang === 'vi') for (const [pattern, replacement] of VI_SHORTHAND) folded = folded.replace(pattern, replacement);
  return folded;
}

/** Words that describe something wrong, per language (matched on folded, lower-case text). */
const PROBLEM_SIGNALS: Record<Lang, RegExp> = {
  vi: new RegExp(
    [
      // a thing + a broken word, as typed without accents ("den duong hong", "ong nuoc be")
      '\\b(den|bong|cot|day dien|duong|ong|nap|cay|nhanh|canh|ghe|bien|voi|cau|lan can|mat duong)( \\w+){0,3} (bi )?(hong|hu|tat|vo|be|gay|nut|sap|do|nga|mat|cong|ro)\\b',
      '\\b(vo ong|be ong|nuoc phun|sap (gay|do|nga|sap|roi|rot)|lung lang|treo lo lung|bi (hong|hu|vo|be|nut|gay|sap|do|nga|tac|bit|ngap|lun|chem|lua|ep)|hu (het|hong|hai)|tat (het|ngum|ca)|chap chon|nhap nhay|chop tat|mat (dien|nuoc|nap|tieu)|cup (dien|nuoc)|kho khoc|sut lun|o ga|o voi|ho sau|lo sau|ho to|hu hai|pha (hoai|tan hoang)|tan hoang|ro ri|chay thanh dong|do nga|nga do|rot xuong|bat goc|do (len|xuong|ra)|be cong|cong venh)\\b',
      // "khong" + verb: not lit, not running, nobody fixes, cannot sleep
      '\\bkhong (sang|chay|thoat|rut|co (nuoc|dien|den|nap)|ai|the ngu|chiu|ngu duoc|giai quyet|tra loi|tiep|them|che chan|xu ly|sua|don|hoat dong|chuyen)',
      // not yet / still / for a long time
      '\\b(chua (ai |duoc )?(sua|don|thay|xu ly|tra|giai quyet|thong|rut)|van chua|van (con|bi|ngap)|hoai|suot (ngay|dem|tuan)|thau dem|toi khuya|nua dem|ca (tuan|thang)|may (tuan|hom|thang)|nhieu (ngay|tuan)|lien tuc)\\b',
      // flooding, blockage, dirt, smell
      '\\b(ngap|tac nghen|nghet|u dong|tran (len|vo|vao|ra|nguoc)|day (rac|bun)|rac (thai )?(bun|bay|ton|do|chat|boc|hoi|vut)|do rac|xa rac|vut (rac|bua)|do trom|bua bai|tum lum|lung tung|boc mui|hoi thoi|mui (hoi|tanh|la|kho chiu)|nuoc (duc|ban|co mui|yeu)|duc ngau|co can lang|thoi um|chan kin|chan het|chan ngang|tha rong|ruot|chat nhu nui|nhu nui|ruoi (bu|nhang)|muon phan anh)\\b',
      // noise
      '\\b(on ao|om som|hat (karaoke|hoi)|karaoke|mo loa|loa keo|bat nhac|dap dinh|ram ram|khoan duc|thuc giac|mat ngu)\\b',
      // encroachment, illegal building, ads
      '\\b(lan chiem|lan (het|ra)|chiem (via he|long duong|le duong)|bay (ra|ban ghe|hang)|het via he|trai phep|khong phep|khong (co )?giay phep|xay (dung )?(lan|lan chiem|them tang)|quang cao (trai phep|bay|dan|treo|to roi)|dan quang cao|ban hang rong)\\b',
      // overcharging, cheating, bad service
      '\\b(chat chem|chem gia|lua dao|gian lan|nhay nhanh|bat thuong|doi (gia|gap|them|tien|\\d+)|(bat|doi) (tra|dong|dua) them|(luc|ban) dau noi|gap (doi|hai|ba|bon|nam|muoi|\\d+) lan|tinh (tien|gia) (dat|cao|gap)|ep (mua|gia|khach)|vong veo|cheo keo|thai do|ha hach|nhung nhieu|cham tre|gay kho|khong them|bam dien thoai|bi tra ve|tra ve|thieu ton trong|noi nang|qua han|tre hen)\\b',
      // danger and fear
      '\\b(nguy hiem|suyt (te|nga|chet)|so lam|ai cung so|can (chet|nguoi)|duoi (nguoi|theo)|sua (dai|inh)|kinh khung|qua troi|khong chiu noi)\\b',
    ].join('|'),
  ),
  en: /\b(i (want|would like) to (report|complain)|hanging over|(about|going) to fall|fall any (minute|moment|time)|could fall|(street ?lights?|lamps?|lights?) (is |are )?(out|off|dead)|take (up )?the (whole )?(sidewalk|pavement)|walk in the (road|street)|can'?t (even )?(walk|pass|get through)|tables and chairs|i'?d like to (report|complain)|broken|not working|doesn'?t work|isn'?t working|stopped working|went (dark|out|off)|dark|no (water|power|electricity|light)|overflow\w*|flood\w*|blocked|clogged|pothole\w*|(deep |big |huge )?hole|crack\w*|smell\w*|stink\w*|dump\w*|litter\w*|garbage|trash|rubbish|pile of|noise|noisy|loud|karaoke|jackhammer\w*|can'?t sleep|cannot sleep|all night|blocking|take up|took over|encroach\w*|illegal\w*|overcharg\w*|charged (me|us)|rip(ped)? ?off|scam\w*|cheat\w*|tout\w*|harass\w*|demanded|more than (we|i) agreed|times the (normal|usual|metered)|leak\w*|burst|rust\w*|stains?|dirty|filthy|fallen|fell|snapped|leaning|lying across|uprooted|collapsed|dangerous\w*|unsafe|rude|ignored|nobody (answers|came|fixed|cleans)|unhelpful|delay\w*|past the (promised|due)|waiting for (weeks|months)|hasn'?t been|for (days|weeks|a week)|all week|stays red|missing|gone|locked|stray|barking|keeps)\b/,
  fr: /\b(je (veux|voudrais|souhaite) (signaler|me plaindre|faire un signalement)|en panne|casse\w*|ne (marche|fonctionne) (pas|plus)|aucun\w* (lampadaire|lumiere|eau)|eteint\w*|deborde\w*|inonde\w*|bouche\w*|defonce\w*|nids?[- ]de[- ]poule|failli tomber|agressi\w*|trou|ordures|dechets|poubelles?|eventre\w*|traine\w*|odeur|pue|bruit|bruyant|tue-tete|toute la nuit|impossible de dormir|(ne )?(peux|peut|pouvons) (pas|plus) dormir|marteaux?[- ]piqueurs?|karaoke|arnaque\w*|escroqu\w*|trop (paye|cher)|fait payer|trois fois|surfactur\w*|rabatteurs?|fuite|coupure|sale|menace de tomber|est tombee?|sont tombee?s|tombee? (sur|dans|par terre)|menace\w*|dangereux|errants?|aboie\w*|impoli|mal parle|parle (tres )?mal|refuse\w*|retard|bloque\w*|envahi\w*|illegal\w*|depuis (hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|une semaine|des jours|ce matin))\b/,
  ko: /(신고하고 싶|신고할게|신고합니다|민원 넣|미터기? ?(를 )?안 ?(켜|키)|달라고 했|고장|안 ?켜|꺼져|꺼졌|깜빡|불이 안|넘쳐|막혀|막혔|침수|잠겼|잠겨|고여|안 ?빠|냄새|악취|진동|쓰레기|버려|버리|방치|시끄러|소음|소리 때문|잠을 (잘 )?수가 없|못 ?자|노래방|바가지|사기를 당|사기 당|사기꾼|속았|조작|너무 많이|과다 ?요금|더 받|호객|새요|새고|터졌|안 ?나와|흙탕|쓰러|부러|뽑힌|누워|움푹|파인|파손|넘어졌|위험|무서워|불친절|안 해 ?줘|지연|노점|점거|가득|지나갈 수가 없|불법|포트홀|구멍|몰려다|짖)/,
  zh: /(冒充|强行收费|请处理|我要投诉|我想投诉|我要举报|我想举报|说好.{1,8}(结果|却)|坏了|坏掉|碎了|不亮|一片漆黑|漆黑|不工作|没水|没有水|停水|停电|溢出|满了|堆满|一大堆|没人|堵|流不下去|淹|积水|臭|垃圾|吵|噪音|放音乐|后半夜|卡拉OK|宰|多收|乱收费|翻了|骗|被坑|拉客|漏水|破裂|爆管|都是水|脏|不得了|倒了|快要倒|断了|危险|态度(差|不好|很差)|等了|拖延|占道|私自|搭建|违章|违法|坑洼|破损|乱扔|野狗|流浪狗)/,
  ja: /(倍にされ|倍の料金|消えたまま|消えている|占領|歩けません|茶色い水|濁った水|からずっと|通報したい|払えと|言われたのに|苦情を言いたい|報告したい|壊れ|故障|つかない|つかず|消えて|点かない|見えません|水が出ない|出ません|停電|あふれ|溢れ|詰ま|冠水|浸水|池みたい|臭い|におい|ゴミ|ごみ|捨てられ|放置|うるさ|騒音|眠れ|カラオケ|ぼったく|ぼられ|詐欺|だまされ|遠回り|取られ|高く請求|客引き|水漏れ|破裂|汚い|倒れ|折れ|危ない|危険|態度が悪|突き返され|使えません|遅い|占拠|並べられ|歩くしか|違法|穴|陥没|破損|めちゃくちゃ|野良犬)/,
};

/** How long it has lasted, or that nobody came: a report even when phrased as a question. */
const STRONG_REPORT =
  /\b(\d+ (ngay|hom|tuan|thang) (roi|nay|r)|chua (ai|thay ai) (toi|den|sua|xu ly|lay|don)|khong ai (lay|don|sua|xu ly|toi|den)|do something about|send someone|nobody (came|has come|fixed|cleaned)|for (\d+|two|three|several) (days|weeks))\b/;

/** Question forms that ask HOW, WHERE or WHETHER rather than report something. */
const QUESTION_FORMS: Record<Lang, RegExp> = {
  vi: /(lich (cup|mat|ngung|ngat|cat)|lam (sao|the nao)|the nao|nhu the nao|\bo mo\b|\bo dau\b(?! (kiet|hem|duong|ngo|cau|cho|pho|xom))|hoi ai|lien he (ai|dau|so)|(cho|o|cong|app|ung dung|vien|benh vien|khach san|so|ngay|luc|gio) nao|nao (vay|the|a|nhi|ha|z)?$|may gio|bao xa|co xa khong|cach (nao|de)?|thu tuc|ho so gi|can (giay to )?gi|bao (lau|nhieu)|co (duoc|phai) khong|(khong|duoc khong|chua|gi|chi|(?<!cung )vay|ha|nhi)$|(la|co) gi|ra sao|muon (biet|hoi)|cho (toi |em |minh )?hoi|huong dan|quy dinh|khieu nai|to cao|to giac|gui phan anh (qua|o|bang)|phan anh (qua|o) dau|goi (so|ai)|so (dien thoai|hotline|may|nao)|\?$)/,
  en: /(^|\b)(collection days?|pickup days?|schedule|timetable|how (do|can|to|long|much|does)|what (is|are|should|do|does|can)|where (is|are|can|do|to)|when (is|does|do|can)|who (do|can|should|is)|which|can (i|we|you)|could (i|we|you)|is (it|there)|are there|do (i|we|you) need|should (i|we)|procedure|formal complaint|file a complaint|lodge a complaint|tips?|advice|recommend\w*)\b|\?$/,
  fr: /(^|\b)(comment|ou (est|sont|puis|peut|faut|porter|deposer|trouver|acheter)|^ou |quand|combien|est-ce que|puis-je|peut-on|faut-il|quelle?s? (est|sont)|quel(le)?s? |procedure|porter plainte|deposer une plainte|conseil\w*)\b|\?$/,
  ko: /(어떻게|어디|언제|얼마|무엇|뭐|방법|절차|되나요|할 수 있나요|있나요|인가요|하나요|나요$|까요|(?<!신고하고 |신고를 하고 )싶어요|(?<!신고하고 )싶은데|알려 ?주|추천|\?$)/,
  zh: /(怎么|如何|哪里|哪儿|哪个|哪家|什么|什麼|多少|吗|呢[？?]?$|能不能|可以.*吗|手续|流程|程序|推荐|想(去|要|看|坐)|\?$|？$)/,
  ja: /(ないには|ないように|どうやって|どうすれば|どこ|いつ|いくら|何(が|を|で|の|時|か)|なに|方法|手続き|できますか|ありますか|ますか|ですか|もらえ|教えて|おすすめ|(?<!通報し)たい$|(?<!通報し)たいです|\?$|？$)/,
};

/** A bare "price" or "hours" is how people type a short question ("cyclo price", "シクロ 値段"). */
/** Every character of a script written without spaces, to count them. */
const UNSPACED_CHARS = new RegExp(UNSPACED_SCRIPT.source, 'g');
const ASKING_FOR = /\b(gia|gia ve|gia tien|bao nhieu tien|price|prices|cost|fare|fares|hours|prix|tarifs?|horaires?)\b|가격|요금|얼마|价格|价钱|多少钱|票价|値段|料金|相場|いくら/;
/** Short enough to be a search-style query: characters, with CJK scripts counting for more. */
function isShort(text: string): boolean {
  const dense = (text.match(UNSPACED_CHARS) ?? []).length;
  return text.length + dense * 1.5 <= 24;
}

export function looksLikeQuestion(text: string, lang: Lang): boolean {
  return isQuestionForm(normalize(text, lang).trim(), lang);
}

function isQuestionForm(normalized: string, lang: Lang): boolean {
  // "3 ngày rồi chưa ai tới, tắm rửa kiểu gì đây??" is a report, whatever its question mark says.
  if (STRONG_REPORT.test(normalized)) return false;
  if (QUESTION_FORMS[lang]?.test(normalized)) return true;
  return isShort(normalized) && ASKING_FOR.test(normalized);
}

// With accents, single syllables are unambiguous ("hỏng" broken, not "hồng" pink).
const VI_ACCENTED = /(^|[^\p{L}])(hỏng|hư|tắt|vỡ|bể|gãy|sập|đổ|bẩn|dơ|hôi|thối|tanh|đục|nứt|tắc|bít|ngập|ồn|lún|nghẹt|chặt chém)(?=$|[^\p{L}])/u;

export function hasProblemSignal(text: string, lang: Lang): boolean {
  return isProblemSignal(text, normalize(text, lang), lang);
}

function isProblemSignal(text: string, folded: string, lang: Lang): boolean {
  if (lang === 'vi' && VI_ACCENTED.test(text.normalize('NFC').toLowerCase())) return true;
  return Boolean(PROBLEM_SIGNALS[lang]?.test(folded) || (lang !== 'en' && PROBLEM_SIGNALS.en?.test(folded)));
}

/**
 * The thing a report is about, in every language: a strong hint for the category when the
 * example-based match is unsure (a "hole in the road" is a road problem whatever else it says).
 */
const CATEGORY_CUES: Record<string, RegExp> = {
  'roads-traffic': /\b(o ga|o voi|mat duong|den (tin hieu|giao thong|do)|bien bao|road|pothole|traffic light|pedestrian signal|route|chaussee|feu (rouge|tricolore))\b|도로|신호등|차도|路面|坑洼|大坑|马路|红绿灯|道路|信号/,
  'street-lighting': /\b(den duong|bong den|den cao ap|den cot|street ?lamps?|street ?lights?|lamp ?posts?|lampadaires?|eclairage)\b|가로등|路灯|街灯/,
  'drainage-flooding': /\b(cong|ho ga|nap cong|muong|thoat nuoc|drain\w*|gutter|grate|manhole|sewer|egout|caniveau|avaloir)\b|하수구|배수|맨홀|下水道|排水|井盖|排水溝|側溝|マンホール/,
  'environment-waste': /\b(rac|phe thai|trash|garbage|rubbish|litter|mattress\w*|ordures|dechets|poubelles?)\b|쓰레기|垃圾|ゴミ|ごみ/,
  'trees-parks': /\b(cay|nhanh cay|canh cay|cong vien|tree|trees|branch\w*|park|arbre|branche|parc)\b|나무|가로수|가지|공원|树|树枝|公园|木|枝|公園/,
  'tourism-services': /\b(taxi|xich lo|cyclo|thuyen|tai xe|driver|fare|boat|bateau|chauffeur|rabatteurs?|touts?)\b|택시|기사|요금|出租车|三轮车|司机|タクシー|運転手|シクロ/,
  'public-services': /\b(can bo|ho so|phuong|xa|mot cua|clerk|paperwork|ward office|official|fonctionnaire|guichet|dossier)\b|공무원|직원|행정|서류|工作人员|窗口|办事|役所|窓口|書類/,
  'noise': /\b(karaoke|loa|nhac|on ao|noise|loud|music|jackhammer\w*|bruit|musique)\b|소음|소리|시끄러|噪音|吵|音乐|うるさ|騒音|音楽/,
  'urban-order': /\b(via he|long duong|lan chiem|xay (dung )?trai phep|giay phep xay dung|khong (co )?giay phep|sidewalk|footpath|pavement|trottoir|billboard|quang cao)\b|인도|노점|人行道|占道|歩道/,
  'water-supply': /\b(nuoc may|voi nuoc|ong nuoc|mat nuoc|cup nuoc|khong co nuoc|tap|taps|tap water|water pipe|no water|robinet|coupure d'eau)\b|수도|단수|水管|自来水|停水|蛇口|水道|断水/,
  'other': /\b(cho hoang|cho di lac|nha ve sinh|stray|dogs?|restroom|toilets?|chiens?|toilettes)\b|개들|화장실|野狗|流浪狗|厕所|野良犬|トイレ/,
};

/** Categories ranked by example match plus the cue bonus. */
function rankCategories(matches: SearchHit[], folded: string): { id: string; rank: number; coverage: number }[] {
  const ranked = new Map(matches.map((h) => [h.id, { id: h.id, rank: h.coverage, coverage: h.coverage }]));
  for (const [id, cue] of Object.entries(CATEGORY_CUES)) {
    if (!cue.test(folded)) continue;
    const current = ranked.get(id) ?? { id, rank: 0, coverage: 0 };
    ranked.set(id, { ...current, rank: current.rank + CUE_BONUS });
  }
  return [...ranked.values()].sort((a, b) => b.rank - a.rank);
}

const CUE_BONUS = 0.3;

export interface ComplaintDetectorOptions {
  /** Coverage of the best category's examples needed when a problem word is present. */
  withSignal: number;
  /** Coverage needed when no problem word is present (only an unmistakable report passes). */
  withoutSignal: number;
}

const DEFAULTS: ComplaintDetectorOptions = { withSignal: 0.2, withoutSignal: 0.85 };

export function detectComplaint(
  text: string,
  lang: Lang,
  knowledge: KnowledgeSnapshot,
  knowledgeHits: SearchHit[],
  options: ComplaintDetectorOptions = DEFAULTS,
): ComplaintDetection | undefined {
  // Normalised once: the signal, question and category checks all read the same form.
  const folded = normalize(text, lang);
  const signal = isProblemSignal(text, folded, lang);
  const question = isQuestionForm(folded.trim(), lang);
  // A question that mentions no problem is a question: no need to look at the categories.
  if (question && !signal) return undefined;
  const matches = knowledge.matchComplaintCategories(text, { lang, limit: 4 });
  const best = matches[0];
  if (!best) return undefined;
  // The entry that best explains the question, among the first few (ranking and coverage differ).
  let knowledgeCoverage = 0;
  for (const hit of knowledgeHits.slice(0, 3)) knowledgeCoverage = Math.max(knowledgeCoverage, hit.coverage);
  // Even with a problem word, a question is a report only when no entry answers it.
  if (question && (knowledgeCoverage >= 0.5 || knowledgeCoverage >= best.coverage - 0.2)) return undefined;
  const needed = signal ? options.withSignal : options.withoutSignal;
  if (best.coverage < needed) return undefined;
  if (!signal && knowledgeCoverage >= best.coverage - 0.2) return undefined;
  const ranked = rankCategories(matches, folded);
  const top = ranked[0]!;
  return {
    category: top.id,
    alternatives: ranked.slice(1, 4).filter((r) => r.rank >= top.rank * 0.5).map((r) => r.id),
    confidence: Math.min(1, Math.max(best.coverage, top.rank) + (signal ? 0.2 : 0)),
  };
}
