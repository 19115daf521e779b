/** Kana, CJK ideographs and Hangul: scripts written without spaces between words. */
export const UNSPACED_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
