/** The message mix the load test sends: questions in every language, greetings and complaint turns. */
export const CHAT_MIX: readonly string[] = [
  'vé vào Đại Nội bao nhiêu tiền',
  'gio mo cua dai noi',
  'làm căn cước công dân ở đâu',
  'xin chào',
  'đèn đường trước nhà tôi tắt cả tuần nay',
  'how much is the ticket to the imperial city',
  'what time does the citadel open',
  'hello',
  'there is a huge pothole on Le Loi street near the bridge',
  '후에 왕궁 입장료 얼마예요',
  '안녕하세요',
  '皇城门票多少钱',
  '你好',
  'フエ王宮の営業時間は',
  'こんにちは',
  'quels sont les horaires de la citadelle',
  'bonjour',
  "what's the bitcoin price today",
];

/** Bodies in a fixed rotation; each gets its own conversation so every message is a first turn. */
export function chatBody(n: number): string {
  const text = CHAT_MIX[n % CHAT_MIX.length]!;
  return JSON.stringify({ conversationId: `bench-${n}`, text });
}
