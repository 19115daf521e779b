/** English catalogue: the reference every other language must match key for key. */
export const en = {
  'greeting': 'Hello! I am the Huế city assistant. Ask me about public services, the Hue-S app or visiting Huế — or tell me about a problem in the city (a broken street light, garbage, overcharging…) and I will pass it on.',
  'thanks': 'You are welcome! Anything else I can help with?',
  'help': 'Here is what I can do: answer questions about administrative procedures, utilities and the Hue-S app; help you visit Huế (monuments, tickets, transport, food, safety); take a report about a problem in the city and tell you how it is handled. Pick a topic or just type your question.',
  'capabilities': 'I answer questions about public services and tourism in Huế in Vietnamese, English, Korean, Chinese, Japanese and French, and I turn reports about problems in the city into tickets that city staff handle. I can make mistakes: for anything official, check with the service centre or the Hue-S hotline 1900 1075.',
  'menu.imperial-city': 'Imperial City',
  'menu.tickets': 'Ticket prices',
  'menu.services': 'Public services',
  'menu.report': 'Report a problem',
  'menu.my-reports': 'My reports',
  'menu.human': 'Talk to a person',
  'oos': 'Sorry, I don’t have reliable information about that. I can only answer about public services, the Hue-S app and visiting Huế. For other questions you can call the Hue-S hotline 1900 1075 or use the Hue-S app.',
  'low-confidence': 'I’m not sure I understood. Could you say it another way? You can also pick a topic below or call the Hue-S hotline 1900 1075.',
  'clarify': 'Did you mean one of these?',
  'more': 'More',
  'more-none': 'That was the whole answer. Anything else?',
  'shown-in-fallback': 'This answer is shown in {language} because it is not yet available in English.',
  'source-line': 'Source: {source} (checked {date})',
  'lang-switched': 'OK, I will answer in English from now on.',
  'complaint-coming-soon': 'This sounds like a report about “{category}”. Reporting through this chat is coming soon; meanwhile please send it in the Hue-S app (Field feedback) or call 1900 1075.',
  'status-coming-soon': 'Ticket status lookup in this chat is coming soon. Meanwhile you can follow your report in the Hue-S app or call 1900 1075.',
  'error': 'Sorry, something went wrong on my side. Please try again in a moment, or call the Hue-S hotline 1900 1075.',
  'rate-limited': 'You are sending messages very quickly. Please wait a moment and try again.',
  'empty': 'I didn’t get any text. Type your question, or pick a topic below.',
  'unsupported-input': 'I can read text, locations and photos. Please type your question.',
} as const;

export type CoreMessageKey = keyof typeof en;
export type CoreCatalog = Record<CoreMessageKey, string>;
