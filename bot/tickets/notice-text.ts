import type { Lang } from '../language/langs.ts';
import type { Ticket, TicketStatus } from './types.ts';

/** What changed, as the reporter is told it. */
export interface PublicChange {
  status: TicketStatus;
  publicNote?: string;
}

/** Wording of a ticket update; the message catalogues can supply their own. */
export type NoticeRenderer = (ticket: Ticket, change: PublicChange, lang: Lang) => string;

interface Wording {
  update: (code: string, status: string) => string;
  status: Record<TicketStatus, string>;
  note: string;
  rate: string;
}

const WORDING: Record<Lang, Wording> = {
  vi: {
    update: (c, s) => `Cập nhật phản ánh ${c}: ${s}.`,
    status: { received: 'đã tiếp nhận', in_progress: 'đang xử lý', resolved: 'đã xử lý xong', rejected: 'không được tiếp nhận' },
    note: 'Ghi chú của cơ quan xử lý:',
    rate: 'Bạn có hài lòng với kết quả không?',
  },
  en: {
    update: (c, s) => `Update on your report ${c}: ${s}.`,
    status: { received: 'received', in_progress: 'being handled', resolved: 'resolved', rejected: 'rejected' },
    note: 'Note from the handling unit:',
    rate: 'Are you satisfied with the result?',
  },
  ko: {
    update: (c, s) => `신고 ${c} 처리 현황: ${s}.`,
    status: { received: '접수됨', in_progress: '처리 중', resolved: '처리 완료', rejected: '반려됨' },
    note: '담당 기관 메모:',
    rate: '처리 결과에 만족하십니까?',
  },
  zh: {
    update: (c, s) => `您的反映 ${c} 有新进展：${s}。`,
    status: { received: '已受理', in_progress: '处理中', resolved: '已解决', rejected: '未予受理' },
    note: '处理单位备注：',
    rate: '您对处理结果满意吗？',
  },
  ja: {
    update: (c, s) => `ご報告 ${c} の状況：${s}。`,
    status: { received: '受付済み', in_progress: '対応中', resolved: '対応完了', rejected: '受理されませんでした' },
    note: '担当部署からのメモ：',
    rate: '対応結果にご満足いただけましたか？',
  },
  fr: {
    update: (c, s) => `Mise à jour de votre signalement ${c} : ${s}.`,
    status: { received: 'reçu', in_progress: 'en cours de traitement', resolved: 'résolu', rejected: 'rejeté' },
    note: 'Remarque du service responsable :',
    rate: 'Êtes-vous satisfait du résultat ?',
  },
};

/** Default wording; staff notes are passed through as written. */
export const defaultNoticeText: NoticeRenderer = (ticket, change, lang) => {
  const w = WORDING[lang] ?? WORDING.en;
  const lines = [w.update(ticket.code, w.status[change.status])];
  if (change.publicNote) lines.push(`${w.note} ${change.publicNote}`);
  if (change.status === 'resolved') lines.push(w.rate);
  return lines.join('\n');
};
