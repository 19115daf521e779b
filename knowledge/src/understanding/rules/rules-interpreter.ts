/**
 * The previous understanding, kept as a second implementation of the Interpreter port so that
 * `npm run eval -- --interpreter rules` compares it with the trained one on the same cases:
 * hand-written phrase lists and coverage thresholds over the lexical search.
 */
import type { KnowledgeSnapshot, SearchHit } from '../../../../bot/ports.ts';
import type { EntryCandidate, Interpretation, Interpreter, RetrievalHit } from '../../../../bot/understanding/interpreter.ts';
import { toRetrievalHit } from '../retrieval-hit.ts';
import { detectComplaint, looksLikeQuestion } from './complaint-detector.ts';
import { confidenceOf, decide, DEFAULT_THRESHOLDS } from './decide.ts';
import { parseLanguageCommand } from './language-command.ts';
import { detectSmallTalk } from './small-talk.ts';
import { detectStatusRequest } from './status-request.ts';

function retrievalOf(hit: SearchHit): RetrievalHit {
  return toRetrievalHit({ group: hit.id, score: hit.score, coverage: hit.coverage, shortCoverage: hit.shortCoverage, unknown: hit.unknown, queryWords: hit.queryWords ?? 0 }, hit.similarity);
}

export function createRulesInterpreter(snapshot: KnowledgeSnapshot, ticketPrefix: string): Interpreter {
  return {
    name: 'rules',
    async interpret({ text, lang }): Promise<Interpretation> {
      const requestedLang = parseLanguageCommand(text);
      if (requestedLang) return { kind: 'language', requestedLang, confidence: 1, entries: [] };
      const smallTalk = detectSmallTalk(text);
      if (smallTalk) return { kind: 'small-talk', smallTalk, confidence: 1, entries: [] };
      const status = detectStatusRequest(text, ticketPrefix);
      if (status) return { kind: 'status', confidence: 1, entries: [], ...(status.kind === 'code' ? { ticketCode: status.code } : {}) };
      const hits = await snapshot.search(text, { lang, limit: 5 });
      const entries: EntryCandidate[] = hits.map((h) => ({ id: h.id, confidence: confidenceOf(h, DEFAULT_THRESHOLDS), retrieval: retrievalOf(h) }));
      const phrasedAsQuestion = looksLikeQuestion(text, lang);
      const topic = snapshot.uncoveredTopic(text);
      if (topic) return { kind: 'out-of-scope', decision: 'refuse', confidence: 1, entries, uncoveredTopic: topic, phrasedAsQuestion };
      const complaint = detectComplaint(text, lang, snapshot, hits);
      if (complaint) {
        const categories = [complaint.category, ...complaint.alternatives].map((id, i) => ({ id, confidence: i === 0 ? complaint.confidence : 0 }));
        return { kind: 'report', confidence: complaint.confidence, categories, entries, phrasedAsQuestion };
      }
      const decision = decide(hits, DEFAULT_THRESHOLDS);
      if (decision.kind === 'answer') return { kind: 'question', decision: 'answer', confidence: decision.confidence, entries, phrasedAsQuestion };
      if (decision.kind === 'clarify') {
        const options = new Set(decision.options.map((h) => h.id));
        return { kind: 'question', decision: 'clarify', confidence: decision.confidence, entries: entries.filter((e) => options.has(e.id)), phrasedAsQuestion };
      }
      return { kind: 'out-of-scope', decision: 'refuse', confidence: decision.confidence, entries, phrasedAsQuestion };
    },
  };
}
