/**
 * `npm run kb -- validate | list [--json] | build [--force]`
 * Staff run this before committing knowledge changes.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { loadLocalEmbeddings } from '../../knowledge/src/embeddings/transformers-embeddings.ts';
import { buildSnapshot } from '../../knowledge/src/knowledge-store.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { installLocales } from '../../bot/locale/installed.ts';
import { localeFileCodes, localeProblems } from '../../knowledge/src/locales.ts';
import { registerLangs } from '../../bot/language/langs.ts';
import { crossCheck, readTopics } from '../../knowledge/src/validate.ts';
import { answerStats, FIRST_PART_LIMIT_NOTE } from '../../knowledge/src/answer-checks.ts';

function topicsFile(knowledgeDir: string, argv: string[]): string | undefined {
  const flag = argv.indexOf('--topics');
  if (flag >= 0 && argv[flag + 1]) return resolve(argv[flag + 1]!);
  const beside = join(knowledgeDir, '..', '..', 'shared', 'kb-topics.yaml');
  return existsSync(beside) ? beside : undefined;
}

function progressBar(stage: string, done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(`\r${stage.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const [command = 'validate'] = argv.filter((a) => !a.startsWith('--'));
  // The packs decide which languages the knowledge files may use, so they are checked first.
  const locales = localeProblems(config.knowledgeDir);
  if (locales.bundle) installLocales(locales.bundle);
  // Broken packs are reported; the knowledge files are still checked against the languages named.
  else registerLangs(localeFileCodes(config.knowledgeDir));
  if (command === 'validate') {
    const knowledge = loadKnowledge(config.knowledgeDir);
    const topicsPath = topicsFile(config.knowledgeDir, argv);
    const problems = [...locales.problems, ...knowledge.problems, ...crossCheck(knowledge, new Date(), topicsPath ? readTopics(topicsPath) : undefined)];
    for (const p of problems) console.log(`${p.severity === 'error' ? 'error' : 'warning'}: ${p.file}: ${p.field}: ${p.message}`);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const stats = answerStats(knowledge, new Date());
    console.log(`${stats.answers} answers, ${stats.overPhoneLimit} with a first part over ${FIRST_PART_LIMIT_NOTE}; ${stats.sources} sources, ${stats.staleSources} checked more than a year ago`);
    console.log(`${locales.bundle?.packs.length ?? 0} locale packs, ${knowledge.entries.length} entries, ${knowledge.categories.length} complaint categories: ${errors} error(s), ${problems.length - errors} warning(s)${topicsPath ? '' : ' (topic list not found: required languages not checked)'}`);
    return errors > 0 ? 1 : 0;
  }
  if (!locales.bundle) {
    for (const p of locales.problems) console.error(`error: ${p.file}: ${p.field}: ${p.message}`);
    return 1;
  }
  if (command === 'list') {
    const knowledge = loadKnowledge(config.knowledgeDir);
    const rows = knowledge.entries.map((e) => ({ id: e.id, langs: Object.keys(e.content) }));
    if (argv.includes('--json')) console.log(JSON.stringify(rows));
    else for (const row of rows) console.log(`${row.id.padEnd(32)} ${row.langs.join(' ')}`);
    return 0;
  }
  if (command === 'build') {
    const logger = createLogger(config.LOG_LEVEL);
    const loaded = await loadLocalEmbeddings({ modelId: config.EMBEDDING_MODEL, modelDir: config.modelDir, allowDownload: config.ALLOW_MODEL_DOWNLOAD });
    if (!loaded.embeddings) logger.info(loaded.reason);
    const model = loaded.embeddings ? { key: `${config.EMBEDDING_MODEL}@${loaded.dimensions}`, embeddings: loaded.embeddings } : undefined;
    const started = Date.now();
    const { snapshot, rebuilt } = await buildSnapshot(
      { knowledgeDir: config.knowledgeDir, dataDir: config.dataDir, model, logger, onProgress: progressBar, packs: locales.bundle.packs, ticketPrefix: config.TICKET_CODE_PREFIX },
      argv.includes('--force'),
    );
    console.log(`${rebuilt ? 'built' : 'up to date'}: ${snapshot.entries().length} entries, version ${snapshot.version}, ${model ? 'lexical + vector' : 'lexical only'}, ${Date.now() - started} ms → ${join(config.dataDir, 'index')}`);
    return 0;
  }
  console.error(`unknown command "${command}". Use: validate | list [--json] | build [--force]`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
