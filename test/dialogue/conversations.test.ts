/**
 * Conversations as people hold them: follow-ups about what was just discussed, a clarifying
 * question answered by typing, complaint intakes answered entirely by typing in every language,
 * a place taken from the first report, and language requests in a sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/conversation-driver.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

describe('follow-up questions', () => {
  it('reads a question that names nothing in the light of the site just discussed', async () => {
    await world
      .chat('ctx-1')
      .send('chùa thiên mụ ở đâu')
      .expectIntent('answer')
      .check((r) => expect(r.meta.sources[0]!.id).toBe('tour.thien-mu'))
      .send('còn vé vào thì bao nhiêu?')
      .expectIntent('answer')
      .check((r) => expect(['tour.thien-mu', 'tour.tickets']).toContain(r.meta.sources[0]!.id))
      .expectReply(/Thiên Mụ/);
  });

  it('lets a message that names another site replace the subject', async () => {
    await world
      .chat('ctx-2', { lang: 'en' })
      .send('how do I get to Thien Mu pagoda')
      .check((r) => expect(r.meta.sources[0]!.id).toBe('tour.thien-mu'))
      .send('what about the Tu Duc tomb?')
      .check((r) => expect(r.meta.sources[0]!.id).toBe('tour.tomb-tu-duc'))
      .send('and the opening hours?')
      .expectIntent('answer')
      .expectReply(/Tu Duc|Tự Đức/);
  });

  it('forgets the subject after a greeting', async () => {
    await world
      .chat('ctx-3', { lang: 'en' })
      .send('where is Thien Mu pagoda')
      .send('hello')
      .expectIntent('greeting')
      .send('opening hours')
      .expectIntent('clarify');
  });
});

describe('clarification', () => {
  it('asks about a bare ambiguous phrase and takes the typed number of a choice', async () => {
    let first = '';
    await world
      .chat('clar-1')
      .send('lệ phí')
      .expectIntent('clarify')
      .check((r) => {
        expect(r.quickReplies.length).toBeGreaterThanOrEqual(2);
        first = r.quickReplies[0]!.payload.replace('entry:', '');
      })
      .send('1')
      .expectIntent('answer')
      .check((r) => expect(r.meta.sources[0]!.id).toBe(first));
  });

  it('takes a typed word of a choice’s label', async () => {
    let second = { label: '', id: '' };
    await world
      .chat('clar-2', { lang: 'en' })
      .send('opening hours')
      .expectIntent('clarify')
      .check((r) => {
        const choice = r.quickReplies[1]!;
        second = { label: choice.label, id: choice.payload.replace('entry:', '') };
      });
    // The longest word of the label is specific to it.
    const word = second.label.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0]!;
    await world
      .chat('clar-2', { lang: 'en' })
      .send(word)
      .check((r) => expect(r.meta.sources[0]!.id).toBe(second.id));
  });
});

describe('complaint intake answered by typing', () => {
  const cases = [
    { lang: 'vi', report: 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi', answers: ['đúng rồi', 'ko có ảnh', 'sdt 0905 123 456 nha', 'đồng ý', 'gửi đi'], place: /12 Lê Lợi/ },
    { lang: 'en', report: 'the street light in front of no. 12 Le Loi has been out all week', answers: ['yes', 'no photos', 'skip', 'send it'], place: /12 Le Loi/ },
    { lang: 'fr', report: 'le lampadaire devant le 12 rue Le Loi est éteint depuis une semaine', answers: ['oui', 'pas de photo', 'passer', 'envoyer'], place: /12 rue Le Loi/ },
    { lang: 'ko', report: '레로이 거리 12번지 앞 가로등이 일주일째 꺼져 있어요', answers: ['네', '사진 없어요', '건너뛸게요', '보내 주세요'], place: /12번지 앞/ },
    { lang: 'zh', report: '黎利街12号前面的路灯一个星期都不亮了', answers: ['是的', '没有照片', '不用了', '提交'], place: /12号前面/ },
    { lang: 'ja', report: 'レロイ通り12番の前の街灯が一週間ずっと消えています', answers: ['はい', '写真はありません', 'スキップ', '送信してください'], place: /12番の前/ },
  ];
  for (const c of cases) {
    it(`files a report in ${c.lang} with the place from the report and typed answers only`, async () => {
      const chat = world.chat(`intake-${c.lang}`, { lang: c.lang }).send(c.report).expectIntent('complaint', { category: 'street-lighting' }).expectReply(c.place);
      for (const answer of c.answers) chat.send(answer).expectIntent('complaint');
      await chat
        .check((r) => expect(r.meta.ticketCode).toMatch(/^HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}$/))
        .expectTicket((t) => {
          expect(t.category).toBe('street-lighting');
          expect(t.address).toMatch(c.place);
          expect(t.lang).toBe(c.lang);
          if (c.lang === 'vi') expect(t.contactPhone).toBe('0905123456');
        });
    });
  }

  it('cancels when the person gives up in a sentence, and files nothing', async () => {
    await world
      .chat('intake-cancel', { lang: 'en' })
      .send('the taxi from the airport charged me 900k, way more than the meter')
      .send('yes')
      .expectReply(/Where is it/)
      .send("forget it, I'll call instead")
      .expectReply(/cancelled/)
      .send('how much is the Imperial City ticket')
      .expectIntent('answer');
  });
});

describe('language requests', () => {
  const requests = [
    ['on peut continuer en français ?', 'fr'],
    ['reply in English from now on', 'en'],
    ['日本語でお願いします', 'ja'],
    ['한국어로 해 주세요', 'ko'],
    ['说中文', 'zh'],
    ['nói tiếng Việt giùm nha', 'vi'],
  ] as const;
  for (const [text, lang] of requests) {
    it(`switches to ${lang} when asked "${text}"`, async () => {
      await world
        .chat(`lang-${lang}`)
        .send(lang === 'vi' ? 'hello there' : 'xin chào bạn')
        .send(text)
        .expectIntent('language', { lang })
        // A button press carries no language of its own: the answer comes in the language asked for.
        .press('entry:tour.tickets')
        .check((r) => expect(r.meta.lang).toBe(lang));
    });
  }

  it('keeps Vietnamese openers in Vietnamese', async () => {
    await world.chat('opener-1').send('ad ơi').expectIntent('greeting', { lang: 'vi' });
  });
});
