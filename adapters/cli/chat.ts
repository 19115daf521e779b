/**
 * `npm run chat [-- --lang ko]`: a terminal chat with the assistant on the local knowledge base.
 * Quick replies are shown as numbered choices; type the number to press one.
 */
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { loadConfig, type AppConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openAssistantRuntime } from '../runtime/assistant-runtime.ts';
import { systemClock } from '../../bot/ports.ts';
import { openTicketStore } from '../stores/open-ticket-store.ts';
import { installLocalesFrom } from '../../knowledge/src/locales.ts';
import { isLang, type Lang } from '../../bot/language/langs.ts';
import type { QuickReply } from '../../bot/types.ts';

function bold(text: string): string {
  return stdout.isTTY ? text.replace(/\*\*(.+?)\*\*/g, '\x1b[1m$1\x1b[0m') : text.replace(/\*\*(.+?)\*\*/g, '$1');
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  // --lang is checked against the packs, so they are installed first.
  installLocalesFrom(config.knowledgeDir);
  const langFlag = argv[argv.indexOf('--lang') + 1];
  const lang: Lang | undefined = argv.includes('--lang') && isLang(langFlag) ? langFlag : undefined;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // Reports filed from the terminal are real tickets in the configured store, like the server's.
  const tickets = await openTicketStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX });
  const runtime = await openAssistantRuntime(
    { ...config, REDIS_URL: undefined, ...(lang ? { DEFAULT_LANG: lang as AppConfig['DEFAULT_LANG'] } : {}) },
    { tickets, clock: systemClock, logger },
  );
  const { assistant } = runtime;
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
  await runtime.close();
  await tickets.close();
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
