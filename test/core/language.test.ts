import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../bot/language/detect.ts';
import { resolveLanguage } from '../../bot/language/resolve.ts';
import { parseLanguageCommand } from '../../knowledge/src/understanding/rules/language-command.ts';

describe('language detection on short chat text', () => {
  it.each([
    ['gio mo cua dai noi', 'vi'],
    ['lam giay khai sinh can gi', 'vi'],
    ['ve vao dai noi bn', 'vi'],
    ['den duong hu', 'vi'],
    ['giờ mở cửa Đại Nội', 'vi'],
    ['opening hours imperial city', 'en'],
    ['where is thien mu pagoda', 'en'],
    ['후에 왕궁 입장료', 'ko'],
    ['王宫门票多少钱', 'zh'],
    ['フエ王宮の営業時間', 'ja'],
    ['horaires de la citadelle', 'fr'],
    ["combien coûte l'entrée", 'fr'],
    // Vietnamese names inside another language's sentence do not make it Vietnamese.
    ['Minh Mạng tomb opening hours', 'en'],
    ['Đông Ba market opening hours and what to buy there', 'en'],
    ['Cầu Trường Tiền đẹp không', 'vi'],
    ["tas d'ordures devant notre hotel, ca sent tres mauvais", 'fr'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)?.lang).toBe(lang);
  });

  it('has no opinion on text without letters', () => {
    expect(detectLanguage('12345 ???')).toBeUndefined();
  });
});

describe('language resolution per turn', () => {
  const base = { fallback: 'vi' as const, isPostback: false };

  it('keeps the conversation language for a one-word message', () => {
    expect(resolveLanguage({ ...base, text: 'ok', conversation: 'ko' }).lang).toBe('ko');
    expect(resolveLanguage({ ...base, text: 'hello', conversation: 'vi' }).lang).toBe('vi');
  });

  it('switches when the person clearly writes in another language', () => {
    expect(resolveLanguage({ ...base, text: '입장료가 얼마예요?', conversation: 'en' })).toEqual({ lang: 'ko', source: 'detected' });
    expect(resolveLanguage({ ...base, text: 'how much is the ticket to the citadel', conversation: 'vi' }).lang).toBe('en');
  });

  it('prefers an explicit choice, then detection, then the channel hint, then the default', () => {
    expect(resolveLanguage({ ...base, text: 'hello there friend', explicit: 'fr' }).lang).toBe('fr');
    expect(resolveLanguage({ ...base, text: '???', hint: 'ja-JP' })).toEqual({ lang: 'ja', source: 'hint' });
    expect(resolveLanguage({ ...base, text: '???' })).toEqual({ lang: 'vi', source: 'default' });
  });

  it('reads language commands and requests', () => {
    expect(parseLanguageCommand('/lang ko')).toBe('ko');
    expect(parseLanguageCommand('English please')).toBe('en');
    expect(parseLanguageCommand('tiếng việt')).toBe('vi');
    expect(parseLanguageCommand('lang:fr')).toBe('fr');
    expect(parseLanguageCommand('how much is English tea')).toBeUndefined();
  });
});

describe('small talk', () => {
  it.each([
    ['xin chào', 'greeting'],
    ['hi ad oi', 'greeting'],
    ['cảm ơn bạn nhiều nha', 'thanks'],
    ['cảm ơn bạn nhiều, rất hữu ích', 'thanks'],
    ['ad ơi', 'greeting'],
    ['감사합니다!! 덕분에 잘 다녀왔어요', 'thanks'],
    ['谢谢你，很有帮助！', 'thanks'],
    ['merci beaucoup pour votre aide', 'thanks'],
    ['merci beaucoup pour votre aide, bonne journee', 'thanks'],
    ['Thanks a lot, that was super helpful! Have a great day.', 'thanks'],
    ['chao ban, minh can giup chut', 'greeting'],
    ['こんにちは。よろしくお願いします', 'greeting'],
    ['Bonjour, je voudrais quelques infos pour préparer ma visite', 'greeting'],
    ['thanks so much, that helped a lot', 'thanks'],
    ['oke tks bn', 'thanks'],
    ['好的，谢谢', 'thanks'],
    ['thanks, that\'s all', 'thanks'],
    ['dạ cảm ơn nhiều, vậy là được rồi', 'thanks'],
    ['tui cần trợ giúp', 'help'],
    ['Chào cháu, bác muốn hỏi chút việc', 'greeting'],
    ['감사합니다', 'thanks'],
    ['ありがとうございました', 'thanks'],
    ['menu', 'help'],
    ['cho toi hoi chut', 'help'],
    ['hello, I have a question', 'greeting'],
    ['你好，我有个问题', 'greeting'],
    ['what can you do?', 'capabilities'],
    ['tu sais faire quoi ?', 'capabilities'],
  ])('%s → %s', async (text, kind) => {
    const { detectSmallTalk } = await import('../../knowledge/src/understanding/rules/small-talk.ts');
    expect(detectSmallTalk(text)).toBe(kind);
  });

  it('leaves real questions that start politely to the knowledge base', async () => {
    const { detectSmallTalk } = await import('../../knowledge/src/understanding/rules/small-talk.ts');
    expect(detectSmallTalk('hello how much is the ticket')).toBeUndefined();
    expect(detectSmallTalk('cho minh hoi gia ve dai noi')).toBeUndefined();
    expect(detectSmallTalk('ban oi')).toBe('greeting');
    expect(detectSmallTalk('nha')).toBeUndefined();
    expect(detectSmallTalk('thanks, but the street light is still broken')).toBeUndefined();
    expect(detectSmallTalk('je voudrais des informations sur les billets')).toBeUndefined();
  });
});

describe('reports, questions and status requests typed in chat', () => {
  it('hears overcharging, dangling branches, murky tap water and unlicensed building as reports', async () => {
    const { hasProblemSignal, looksLikeQuestion } = await import('../../knowledge/src/understanding/rules/complaint-detector.ts');
    const reports = [
      'Đạp xích lô một vòng quanh Đại Nội mà đòi 400 nghìn, đi xong còn bắt trả thêm',
      'Cành cây khô sắp gãy, treo lủng lẳng trên đầu người đi đường',
      'nuoc may nha em duc ngau o so 15 Ton Duc Thang',
      'nha ben canh dang xay them tang ma ko co giay phep',
    ];
    for (const text of reports) expect(hasProblemSignal(text, 'vi'), text).toBe(true);
    expect(looksLikeQuestion(reports[0]!, 'vi')).toBe(false);
  });

  it('reads an outage schedule request as a question, and "ở mô" only as a whole word', async () => {
    const { looksLikeQuestion } = await import('../../knowledge/src/understanding/rules/complaint-detector.ts');
    expect(looksLikeQuestion('lich cup dien hue ngay mai', 'vi')).toBe(true);
    expect(looksLikeQuestion('lam cccd o mo', 'vi')).toBe(true);
    expect(looksLikeQuestion('xich lo mot vong dai noi doi 400k', 'vi')).toBe(false);
  });

  it('hears "I want to report" in every language as a report, not a question', async () => {
    const { hasProblemSignal, looksLikeQuestion } = await import('../../knowledge/src/understanding/rules/complaint-detector.ts');
    expect(hasProblemSignal('택시 기사가 미터기 안 켜고 50만동 달라고 했어요. 신고하고 싶어요', 'ko')).toBe(true);
    expect(looksLikeQuestion('택시 기사가 미터기 안 켜고 50만동 달라고 했어요. 신고하고 싶어요', 'ko')).toBe(false);
    expect(looksLikeQuestion('왕궁 가고 싶어요', 'ko')).toBe(true);
    expect(hasProblemSignal('三轮车司机说好5万结果到了要收50万，我要投诉', 'zh')).toBe(true);
    expect(hasProblemSignal('I want to report a taxi driver', 'en')).toBe(true);
    expect(looksLikeQuestion('シクロの相場 ぼったくられないには', 'ja')).toBe(true);
    expect(hasProblemSignal('chó thả rông trên đường Nguyễn Huệ, con tui bị chó rượt mấy lần rồi', 'vi')).toBe(true);
    expect(hasProblemSignal('vo ong nuoc tren duong Nguyen Hue, nuoc phun len mat duong', 'vi')).toBe(true);
    expect(hasProblemSignal("cant even walk on the sidewalk, the cafes put tables and chairs over it", 'en')).toBe(true);
    expect(hasProblemSignal('streetlight out on Le Loi near Truong Tien bridge', 'en')).toBe(true);
    expect(hasProblemSignal("énorme nid-de-poule rue Le Loi, j'ai failli tomber en scooter", 'fr')).toBe(true);
    expect(looksLikeQuestion('trash collection days, just moved to Vy Da', 'en')).toBe(true);
    // "ở đầu kiệt" is where the rubbish is, not "ở đâu"; "for three days, nobody came" outweighs a question mark.
    expect(looksLikeQuestion('Rác dồn ở đầu kiệt 42 Phan Đình Phùng, cho người ra dọn giúp với', 'vi')).toBe(false);
    expect(looksLikeQuestion('ドンバ市場で値段を3倍にされました。通報したいです', 'ja')).toBe(false);
    // Sleepless nights and lights that stay out, as tourists write them.
    expect(hasProblemSignal("un chantier a cote de l'hotel tourne jusqu'a minuit avec un marteau piqueur, impossible de dormir", 'fr')).toBe(true);
    expect(hasProblemSignal('ホテルの前の通りの街灯が何日も消えたままで、夜とても暗いです', 'ja')).toBe(true);
    expect(hasProblemSignal('シクロの運転手に約束の5倍の料金を請求されました', 'ja')).toBe(true);
  });

  it('takes "check the status of my report" as a status request', async () => {
    const { detectStatusRequest } = await import('../../knowledge/src/understanding/rules/status-request.ts');
    expect(detectStatusRequest('kiem tra trang thai phan anh', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('tình trạng xử lý phản ánh của tôi', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('cái phản ánh ổ gà tui gửi hôm bữa chừ ra răng rồi', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('I reported a pothole last week, has anything been done?', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('我上周反映的问题有进展吗?', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('先日の通報はどうなりましたか', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('cai vu den duong tui bao tuan truoc co ai xu ly chua', 'HUE')).toEqual({ kind: 'mine' });
    expect(detectStatusRequest('tra cứu hồ sơ khai sinh', 'HUE')).toBeUndefined();
  });
});
