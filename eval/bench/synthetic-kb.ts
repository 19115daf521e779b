/**
 * Synthetic knowledge bases for scale runs: entries generated from a fixed vocabulary (Vietnamese
 * syllables, English words, CJK characters) with a seeded generator, so every run builds the same data.
 */
import { seededRandom } from '../../knowledge/src/understanding/random.ts';
import type { IndexedDoc } from '../../knowledge/src/lexical/lexical-index.ts';

const VI = ('giờ mở cửa đại nội vé vào bao nhiêu tiền làm căn cước công dân ở đâu thủ tục đăng ký khai sinh kết hôn ' +
  'xe buýt sân bay chùa thiên mụ lăng tự đức sông hương cầu tràng tiền chợ đông ba ẩm thực bún bò huế nhà vườn ' +
  'lễ hội festival bảo tàng cổ vật mỹ thuật thư viện bệnh viện trung ương trường đại học phường xã thành phố ' +
  'điện nước rác thải đường phố đèn chiếu sáng cây xanh công viên bãi biển thuận an lăng cô bạch mã vườn quốc gia ' +
  'hồ sơ giấy tờ lệ phí thời hạn trực tuyến cổng dịch vụ công hộ chiếu thị thực tạm trú thường trú').split(' ');
const EN = ('ticket price opening hours imperial city citadel tomb pagoda river bridge market food noodle garden house ' +
  'festival museum library hospital university ward district city power water waste street light tree park beach ' +
  'national forest application document fee deadline online portal passport visa residence permit registration ' +
  'birth marriage bus airport taxi boat cruise bike rental guide tour history dynasty emperor queen palace gate').split(' ');
const CJK = [...'皇城门票价格开放时间寺庙河桥市场美食米粉花园节日博物馆图书医院大学区城市电水垃圾街灯树公园海滩国家森林申请文件费用期限护照签证居住登记出生结婚巴士机场出租车船自行车导游历史王朝皇帝宫殿'];

const pick = (words: readonly string[], n: number, rnd: () => number, sep = ' ') =>
  Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]!).join(sep);

export interface SyntheticEntry {
  id: string;
  question: { vi: string; en: string; zh: string };
}

/** Yields the documents of `count` entries: vi/en/zh titles and questions, vi and en answers. */
export function* syntheticDocs(count: number, seed = 1, keep?: SyntheticEntry[]): Generator<IndexedDoc> {
  const rnd = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const group = `syn.entry-${i}`;
    const question = { vi: pick(VI, 7, rnd), en: pick(EN, 6, rnd), zh: pick(CJK, 6, rnd, '') };
    if (keep && i % Math.max(1, Math.floor(count / 1000)) === 0) keep.push({ id: group, question });
    yield { group, kind: 'title', lang: 'vi', text: pick(VI, 5, rnd) };
    yield { group, kind: 'question', lang: 'vi', text: question.vi };
    yield { group, kind: 'title', lang: 'en', text: pick(EN, 4, rnd) };
    yield { group, kind: 'question', lang: 'en', text: question.en };
    yield { group, kind: 'question', lang: 'zh', text: question.zh };
    yield { group, kind: 'answer', lang: 'vi', text: pick(VI, 40, rnd) };
    yield { group, kind: 'answer', lang: 'en', text: pick(EN, 30, rnd) };
  }
}
