/**
 * The trained interpreter's model: deterministic training, calibration that holds on held-out
 * data, signals that push the way they should, and retraining when the knowledge changes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { installedBundle } from '../../bot/locale/installed.ts';
import type { KnowledgeEntry } from '../../bot/ports.ts';
import { categoryDocuments, entryDocuments } from '../../knowledge/src/documents.ts';
import { openKnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { LexicalIndex } from '../../knowledge/src/lexical/lexical-index.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/src/locales.ts';
import { compileOutOfScope } from '../../knowledge/src/out-of-scope.ts';
import { createEntityMatcher } from '../../knowledge/src/understanding/entity-names.ts';
import { createLanguageNamer } from '../../knowledge/src/understanding/language-names.ts';
import { toRetrievalHit } from '../../knowledge/src/understanding/retrieval-hit.ts';
import { createTrainedInterpreter } from '../../knowledge/src/understanding/trained-interpreter.ts';
import { modelContext, serializeModel, trainModel, type TrainedModel } from '../../knowledge/src/understanding/trained-model.ts';
import type { TrainingSources } from '../../knowledge/src/understanding/training-data.ts';
import { entryMarkdown, writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts';

const knowledge = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
const packs = installedBundle().packs;

function modelHash(model: TrainedModel): string {
  const { classifier, ...rest } = serializeModel(model);
  return createHash('sha256')
    .update(JSON.stringify(rest))
    .update(JSON.stringify([classifier.classes, classifier.keys]))
    .update(Buffer.from(Float32Array.from(classifier.weights).buffer))
    .digest('hex');
}

function sourcesOf(entries: readonly KnowledgeEntry[]): TrainingSources {
  return { entries, categories: knowledge.categories, outOfScope: knowledge.outOfScope, packs };
}

function interpreterFor(model: TrainedModel, entries: readonly KnowledgeEntry[]) {
  const lexical = LexicalIndex.build(entryDocuments(entries));
  const complaints = LexicalIndex.build(categoryDocuments(knowledge.categories));
  const outOfScope = compileOutOfScope(knowledge.outOfScope);
  return createTrainedInterpreter({
    model,
    context: modelContext(packs),
    retrieve: async (text, lang, limit) => lexical.search(text, lang, limit).map((h) => toRetrievalHit(h)),
    matchCategories: (text, lang, limit) => complaints.search(text, lang, limit).map((m) => ({ id: m.group, coverage: m.coverage })),
    uncoveredTopic: (text) => outOfScope.match(text),
    ticketPrefix: 'HUE',
    isLang: () => true,
    entities: createEntityMatcher(entries),
    handoffEntry: 'bot.human',
    languageNames: createLanguageNamer(packs),
  });
}

describe('trained interpreter model', () => {
  it('trains to the same model from the same files', () => {
    const small = sourcesOf(knowledge.entries.slice(0, 10));
    expect(modelHash(trainModel(small))).toBe(modelHash(trainModel(small)));
  }, 120_000);

  it('keeps its fitted refusal rates on questions it never saw', async () => {
    // Hold out every fifth alternate question of each entry, and every fourth entry altogether.
    const removed = new Set(knowledge.entries.filter((_, i) => i % 4 === 1).map((e) => e.id));
    const heldCovered: { text: string; lang: string }[] = [];
    const heldUncovered: { text: string; lang: string }[] = [];
    const training = knowledge.entries.filter((e) => !removed.has(e.id)).map((entry) => {
      const content: KnowledgeEntry['content'] = {};
      for (const [lang, c] of Object.entries(entry.content)) {
        if (!c) continue;
        content[lang] = { ...c, questions: c.questions.filter((q, i) => (i % 5 === 3 ? (heldCovered.push({ text: q, lang }), false) : true)) };
      }
      return { ...entry, content };
    });
    for (const entry of knowledge.entries.filter((e) => removed.has(e.id))) {
      for (const [lang, c] of Object.entries(entry.content)) for (const q of c?.questions ?? []) heldUncovered.push({ text: q, lang });
    }
    const model = trainModel(sourcesOf(training));
    const interpreter = interpreterFor(model, training);
    const refusedShare = async (cases: { text: string; lang: string }[]) => {
      let refused = 0;
      for (const c of cases) if ((await interpreter.interpret(c)).kind === 'out-of-scope') refused++;
      return refused / cases.length;
    };
    expect(Math.abs((await refusedShare(heldCovered)) - model.crossValidation.coveredRefused)).toBeLessThan(0.05);
    // Which entries are removed moves this rate a lot (a removed tomb is answered by its siblings),
    // so it is held to a wider band than the in-scope rate.
    expect(Math.abs((await refusedShare(heldUncovered)) - model.crossValidation.uncoveredRefused)).toBeLessThan(0.2);
  }, 180_000);

  it('is more confident the more evidence there is, and less for uncovered topics and unknown words', async () => {
    const model = trainModel(sourcesOf(knowledge.entries.slice(0, 12)));
    expect(model.answer.weightOf('best-score')).toBeGreaterThan(0);
    expect(model.answer.weightOf('lexical-confidence')).toBeGreaterThan(0);
    expect(model.answer.weightOf('uncovered-topic')).toBeLessThan(0);
    expect(model.report.weightOf('report-mass')).toBeGreaterThan(0);
    // Along one signal, the fitted probability only grows.
    const base = model.answer.names.map(() => 0.3);
    const at = (score: number) => model.answer.probability(base.map((v, i) => (model.answer.names[i] === 'best-score' ? score : v)));
    for (let s = 0; s < 1; s += 0.1) expect(at(s + 0.1)).toBeGreaterThanOrEqual(at(s));
  }, 120_000);

  it('answers far fewer covered questions once they are asked about a place the knowledge base does not cover', async () => {
    const model = trainModel(sourcesOf(knowledge.entries));
    const interpreter = interpreterFor(model, knowledge.entries);
    const outOfScope = compileOutOfScope(knowledge.outOfScope);
    const elsewhere = knowledge.outOfScope!.topics.find((t) => t.id === 'other-places')!.match[0]!.join(' ');
    // Entry titles that become about another place once it is named (not those that name Huế).
    const titles = knowledge.entries.flatMap((e) => (e.content.en ? [e.content.en.title] : []));
    const asked = titles.filter((t) => outOfScope.match(`${t} in ${elsewhere}`) !== undefined);
    const answered = async (text: string) => (await interpreter.interpret({ text, lang: 'en' })).kind === 'question';
    let plain = 0;
    let joined = 0;
    for (const title of asked) {
      if (await answered(title)) plain++;
      if (await answered(`${title} in ${elsewhere}`)) joined++;
    }
    expect(asked.length).toBeGreaterThan(20);
    expect(plain / asked.length).toBeGreaterThan(0.9);
    // Without joined examples in calibration nearly all are still answered: the classifier reads the question alone.
    expect(joined / asked.length).toBeLessThan(0.8);
  }, 180_000);

  it('retrains when the knowledge files change', async () => {
    const entry = {
      id: 'tour.cyclo',
      titles: { en: 'Cyclo rides' },
      questions: { en: ['how much is a cyclo ride', 'cyclo tour price'] },
      answers: { en: 'Agree on the cyclo fare before the ride.' },
    };
    const dir = writeKnowledgeFixture([entry]);
    const store = await openKnowledgeStore({ knowledgeDir: dir, dataDir: mkdtempSync(join(tmpdir(), 'hue-retrain-')), logger: silentLogger, watch: false });
    const before = store.current().interpreter;
    const added = {
      id: 'tour.boat',
      titles: { en: 'Dragon boats' },
      questions: { en: ['dragon boat trip on the perfume river', 'where do the dragon boats leave from'] },
      answers: { en: 'Dragon boats leave from the Toà Khâm pier.' },
    };
    writeFileSync(join(dir, 'entries', 'tour.boat.md'), entryMarkdown(added));
    expect(await store.reload()).toBe(true);
    const after = store.current().interpreter;
    expect(after).not.toBe(before);
    const reading = await after.interpret({ text: 'dragon boat trip', lang: 'en' });
    expect(reading.entries[0]!.id).toBe('tour.boat');
    store.close();
  }, 120_000);
});
