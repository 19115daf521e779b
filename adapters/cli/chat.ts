/**
 * `npm run chat [-- --lang ko]`: a terminal chat with the assistant on the local knowledge base.
 * Quick replies are shown as numbered choices; type the number to press one.
 */
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { MemoryConversationStore } from '../state/memory-conversation-store.ts';
import { FileUnansweredLog } from '../state/unanswered-log.ts';
import { createAssistant } from '../../bot/assistant.ts';
import { createTicketFeatures } from '../../bot/complaints/ticket-features.ts';
import { openTicketStore } from '../stores/open-ticket-store.ts';
import { isLang, type Lang } from '../../bot/language/langs.ts';
import type { ConversationState } from '../../bot/turn.ts';
import type { QuickReply } from '../../bot/types.ts';
import { openKnowledgeStore } from '../../knowledge/src/knowledge-store.ts';

function bold(text: string): string {
  return stdout.isTTY ? text.replace(/\*\*(.+?)\*\*/g, '\x1b[1m$1\x1b[0m') : text.replace(/\*\*(.+?)\*\*/g, '$1');
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const langFlag = argv[argv.indexOf('--lang') + 1];
  const lang: Lang | undefined = argv.includes('--lang') && isLang(langFlag) ? langFlag : undefined;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const knowledge = await openKnowledgeStore({
    knowledgeDir: config.knowledgeDir,
    dataDir: mkdtempSync(join(tmpdir(), 'hue-chat-')),
    logger,
    watch: config.KNOWLEDGE_WATCH,
  });
  // Reports filed from the terminal are real tickets in the configured store, like the server's.
  const tickets = await openTicketStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX });
  const assistant = createAssistant({
    knowledge,
    conversations: new MemoryConversationStore<ConversationState>(),
    unanswered: new FileUnansweredLog(join(config.dataDir, 'unanswered.jsonl')),
    logger,
    defaultLang: lang ?? config.DEFAULT_LANG,
    ticketPrefix: config.TICKET_CODE_PREFIX,
    tickets: createTicketFeatures({ store: tickets, logger, intakeTimeoutMinutes: config.INTAKE_TIMEOUT_MINUTES, ticketPrefix: config.TICKET_CODE_PREFIX }),
  });
  const rl = createInterface({ input: stdin, output: stdout, terminal: stdout.isTTY });
  const conversationId = `cli-${process.pid}`;
  let choices: QuickReply[] = [];
  console.log('Huế assistant — type a question, a number to pick a choice, or /quit.');
  for await (const line of rl) {
    const input = line.trim();
    if (input === '/quit' || input === '/exit') break;
    if (!input) continue;
    const picked = /^\d+$/.test(input) ? choices[Number(input) - 1] : undefined;
    const reply = await assistant.handle({
      channel: 'cli',
      conversationId,
      userId: 'cli',
      text: picked ? picked.label : input,
      postback: picked?.payload,
      langChoice: lang,
    });
    console.log(`\n${bold(reply.text)}\n`);
    choices = reply.quickReplies;
    choices.forEach((choice, i) => console.log(`  ${i + 1}. ${choice.label}`));
    if (choices.length) console.log('');
    if (!stdout.isTTY) continue;
    stdout.write('> ');
  }
  rl.close();
  knowledge.close();
  await tickets.close();
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
