/**
 * Recognises the short answers people type instead of pressing a button: cancel, yes, no, skip,
 * "I don't know". Matched on lower-case text without Vietnamese accents, whole message only, so
 * "Huy" inside a street name or a longer sentence is not taken for "hủy".
 */
import { foldDiacritics } from '../text/vietnamese.ts';

const fold = (text: string) =>
  foldDiacritics(text.normalize('NFC').toLowerCase())
    .replace(/[!.,;:?！。、？~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const CANCEL =
  /^(?:(?:thoi|oke?|ok) )?(?:huy|huy bo|huy di|huy nhe|khong gui nua|dung lai|cancel|cancel it|stop|quit|abort|never ?mind|취소|취소할게요|취소해 ?주세요|그만|取消|不要了|算了|キャンセル|キャンセルします|やめる|やめます|中止|annuler|annule|laisse tomber|stop)(?: (?:di|nhe|a|please|plz|요))?$/;
const YES = /^(?:co|vang|u|uh|um|dung|dung roi|dong y|toi dong y|ok|oke|okay|yes|yeah|yep|sure|correct|right|i agree|agree|네|예|응|맞아요|맞습니다|동의|동의합니다|좋아요|是|是的|对|对的|好|好的|同意|我同意|可以|はい|ええ|そうです|同意します|いいです|oui|d'accord|daccord|j'accepte|c'est ca|exact)$/;
const NO = /^(?:khong|ko|k|hong|khong dong y|thoi|no|nope|no thanks|i don'?t agree|아니요|아니오|아뇨|동의하지 않아요|不|不是|不要|不同意|いいえ|いや|同意しません|non|non merci|pas d'accord)$/;
const SKIP = /^(?:bo qua|khong co|khong can|ko co|ko can|k co|thoi khoi|skip|no photos?|none|no|건너뛰기|건너뛸게요|없어요|없습니다|跳过|没有|不用|スキップ|ありません|なし|いりません|passer|ignorer|aucune?|non|pas de photos?)$/;
const DONT_KNOW = /^(?:(?:toi |em |minh )?(?:khong|ko|k) (?:biet|ro)(?: (?:chinh xac|cu the|lam|nua))?|i don'?t know(?: exactly)?|not sure|no idea|잘 모르겠어요|모르겠어요|몰라요|不知道|不清楚|わかりません|分かりません|知りません|je ne sais pas|aucune idee|je sais pas)$/;

export const isCancel = (text: string) => CANCEL.test(fold(text));
export const isYes = (text: string) => YES.test(fold(text));
export const isNo = (text: string) => NO.test(fold(text));
export const isSkip = (text: string) => SKIP.test(fold(text));
/** "I don't know" and nothing else: a place is still needed, so the person is asked for a landmark. */
export const isOnlyDontKnow = (text: string) => DONT_KNOW.test(fold(text));
