/**
 * NLP.js (@nlpjs/basic): one neural intent classifier per language, trained on every entry's
 * title and alternate questions. English uses NLP.js's own English pipeline; the other languages
 * have no NLP.js package installed, so their text is given pre-folded and pre-tokenised (CJK
 * bigrams). A query is classified in every language and the most confident intent wins;
 * "None" or a score under the threshold means the peer refuses.
 */
import { createRequire } from 'node:module';
import type { Lang } from '../../bot/language/langs.ts';
import { bestPerGroup, type Peer, type PeerDoc, type RankedId } from './peer.ts';
import { tokenizeForSearch } from './search-text.ts';

interface Classification {
  intent: string;
  score: number;
}
interface NlpInstance {
  settings: Record<string, unknown>;
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<{ intent: string; score: number; classifications?: Classification[] }>;
}
interface NlpjsContainer {
  use(plugin: unknown): void;
  get(name: 'nlp'): NlpInstance;
}
interface NlpjsBasic {
  containerBootstrap(): Promise<NlpjsContainer>;
  Nlp: unknown;
  LangEn: unknown;
}

const require = createRequire(import.meta.url);

function prepare(text: string, lang: Lang): string {
  return lang === 'en' ? text : tokenizeForSearch(text).join(' ');
}

/**
 * NLP.js prints one line per training epoch, and loading @nlpjs/basic makes its pino logger warn
 * that prettyPrint is deprecated; neither belongs in a report.
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  const warn = process.emitWarning;
  console.log = () => {};
  process.emitWarning = (() => {}) as typeof process.emitWarning;
  try {
    return await work();
  } finally {
    console.log = log;
    process.emitWarning = warn;
  }
}

export async function createNlpjsPeer(docs: readonly PeerDoc[]): Promise<Peer> {
  const langs = [...new Set(docs.map((d) => d.lang))];
  const nlp = await quietly(async () => {
    const { containerBootstrap, Nlp, LangEn } = require('@nlpjs/basic') as NlpjsBasic;
    const container = await containerBootstrap();
    container.use(Nlp);
    container.use(LangEn);
    const instance = container.get('nlp');
    instance.settings['autoSave'] = false;
    for (const lang of langs) instance.addLanguage(lang);
    for (const d of docs) {
      for (const utterance of [d.title, ...d.questions]) {
        const prepared = prepare(utterance, d.lang);
        if (prepared.trim()) instance.addDocument(d.lang, prepared, d.group);
      }
    }
    await instance.train();
    return instance;
  });
  return {
    name: 'nlpjs',
    async rank(text, limit) {
      const rows: RankedId[] = [];
      for (const lang of langs) {
        const prepared = prepare(text, lang);
        if (!prepared.trim()) continue;
        const result = await nlp.process(lang, prepared);
        if (result.intent === 'None') continue;
        for (const c of result.classifications ?? [{ intent: result.intent, score: result.score }]) {
          if (c.intent !== 'None' && c.score > 0) rows.push({ id: c.intent, score: c.score });
        }
      }
      return bestPerGroup(rows, limit);
    },
  };
}
