/**
 * A language, as data: every user-facing message and the small closed word lists a dialogue
 * needs. One pack per language lives in knowledge/locales/; the supported languages are the
 * packs found, so adding a language is adding a pack.
 */
import type { SmallTalk } from '../understanding/small-talk-kind.ts';
import type { NumberFormats } from './fact-format.ts';

/** Typed answers the complaint intake understands at any step. */
export interface IntakeWords {
  yes: string[];
  no: string[];
  skip: string[];
  cancel: string[];
  send: string[];
  changeLocation: string[];
  restart: string[];
  dontKnow: string[];
}

/** Example messages and word lists the interpreter learns from or reads as features. */
export interface LocaleUnderstanding {
  /** Example messages per small-talk kind, as people type them (training data). */
  smallTalk: Record<SmallTalk, string[]>;
  /** Ways of asking about one's own reports ("my reports", "has anything been done?"). */
  status: string[];
  /** Ways of asking for a person. */
  handoff: string[];
  /** Ways of asking to report a problem before describing it. */
  reportRequest: string[];
  /** Ways of asking to continue in THIS pack's language, written in any language. */
  languageRequest: string[];
  intake: IntakeWords;
  /** Chat abbreviations: token → standard spelling ("ko" → "không"). */
  shorthand: Record<string, string>;
  /** Abbreviations with several readings: every reading is added for matching. */
  ambiguousShorthand: Record<string, string[]>;
  /** Regional words: token → standard word, added next to the original. */
  dialect: Record<string, string>;
  /** Function words that say little about which entry is meant. */
  stopWords: string[];
  /** Words and phrases that make a message a question (features for the interpreter, not rules). */
  questionForms: string[];
  /** Polite filler that carries no meaning ("ơi", "please"). */
  filler: string[];
  /** Words that introduce a place in a report ("trước", "gần", "in front of"), for languages that put them first. */
  placeMarkers: string[];
  /** Words that close a place in a report ("앞", "前面", "の前"), for languages that put them after it. */
  placeSuffixes: string[];
  /** Words that name a kind of place ("đường", "kiệt", "street", "路"): a span with one is a place. */
  placeNouns: string[];
}

/** Names written after a family name and before a word of address, without spaces ("王先生", "김민수 씨"). */
export interface NameSuffix {
  /** The words of address that follow the name. */
  words: string[];
  /** How many letters the given name adds after the family name: [fewest, most]. */
  given: [number, number];
  /** A space comes between the name and the word ("김민수 씨"); otherwise they touch ("김민수씨"). */
  spaced: boolean;
  /**
   * When given, the word of address ends a word, or only one of these particles follows it
   * ("김민수 씨가"), so "씨클로" is not one. Not given: anything may follow (Chinese, Japanese).
   */
  particles?: string[];
}

/**
 * How this language writes people's names, so public text can mask them. Titles and place words
 * are matched as spelled (each spelling without diacritics that counts is listed); family and
 * middle names also match their spelling without diacritics.
 */
export interface PersonNameCues {
  /** Words right before a name: titles, kinship terms, relations ("chị Lan", "Mr. Smith", "my neighbour Peter"). */
  titles: string[];
  /** Words after a name, for languages that write names without spaces. */
  suffixes: NameSuffix[];
  /** The name starts a word of its own (Korean puts spaces between words; Chinese and Japanese do not). */
  nameStartsWord: boolean;
  /** Family names: with a middle name they make a full name even without a title ("Nguyễn Thị Hoa"). */
  surnames: string[];
  /** Middle names that, after a family name, make it a person's full name ("Văn", "Thị"). */
  middleNames: string[];
  /** Words that look like a name after a title but are not one ("Grab" in "anh Grab", "The"). */
  notNames: string[];
  /** Words before a name that make it a place: streets, monuments, wards ("đường Lê Lợi", "lăng Minh Mạng"). */
  placesBefore: string[];
  /** Words after a name that make it a place ("Trần Hưng Đạo street"). */
  placesAfter: string[];
}

export interface LocalePack {
  /** ISO 639-1 code, equal to the file name. */
  lang: string;
  /** The language's name in itself ("Tiếng Việt"). */
  endonym: string;
  /** BCP 47 locale for dates and lists (Intl), e.g. "vi-VN"; the code itself when not given. */
  intlLocale: string;
  /** How this language writes prices, times and ranges in answers (the digits come from Intl). */
  formats: Partial<NumberFormats>;
  /** Other languages' names in this language, by code. */
  languageNames: Record<string, string>;
  /** Every way this language writes languages' names ("英文", "英语"), by code. */
  languageAliases: Record<string, string[]>;
  /** Flat message keys ("intake.location.ask") → ICU-style templates with `{name}` placeholders. */
  messages: Record<string, string>;
  understanding: LocaleUnderstanding;
  personNames: PersonNameCues;
}
