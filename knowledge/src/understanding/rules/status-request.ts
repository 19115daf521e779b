/** Ticket status lookups: a ticket code anywhere in the message, or "my reports". */
import { findTicketCode } from '../../../../bot/tickets/ticket-code.ts';
import { foldDiacritics } from '../../../../bot/text/vietnamese.ts';

export type StatusRequest = { kind: 'code'; code: string } | { kind: 'mine' };

const MINE =
  /(my (report|ticket|complaint|request)s?|status of my|phan anh cua (toi|em|minh|tui)|(don|phieu|ho so phan anh) cua (toi|em|minh)|phan anh (da |duoc )?(xu ly|giai quyet)|phan anh.*(toi dau|den dau|the nao roi|sao roi|ra rang|ra sao|rang roi|chua)|(kiem tra|tra cuu|theo doi|xem) (lai )?(trang thai|tinh trang|tien do|ket qua) (xu ly )?(cua )?(phan anh|kien nghi)|(trang thai|tinh trang|tien do) (xu ly )?(cua )?(phan anh|kien nghi)|(toi|em|minh) (da )?(gui|bao) phan anh|(xem|danh sach|cac|nhung) (cac )?phan anh (da |minh da |toi da )?(gui|bao)|reports? i (sent|filed|made|submitted)|i (reported|filed|submitted|sent) .*(has anything|any (update|news|progress)|been (done|fixed)|what happened)|any (update|news|progress) on my (report|complaint|ticket)|\b(bao|gui|phan anh) (tuan|hom|thang) (truoc|roi).*(chua|sao roi|the nao)|(list|see|show) (of )?my|(what|where)'?s? (happened|happening)? ?(to|with) my (report|complaint)|내 (신고|민원|접수)|(제가|내가) (접수한|신고한|보낸) (민원|신고)|(민원|신고) (목록|내역|처리 ?현황)|신고(한 것|한 거|했던|는)? ?(처리|어떻게)|我的(投诉|反映|举报|工单)|我.{0,4}(提交|反映|投诉|举报)的|(投诉|反映)(处理|进度)|私の(通報|報告|申告)|(自分|私)が(送った|出した)(通報|報告)|(通報|報告)の(一覧|状況|進捗)|(先日|この前|先週|昨日)の(通報|報告|申告)|通報(した|の)(件|状況)|mes signalements|mes (plaintes|reclamations)|les signalements que j'ai|mon signalement|ma (plainte|reclamation|demande)|suivi de (mon|ma))/;

export function detectStatusRequest(text: string, ticketPrefix: string): StatusRequest | undefined {
  const code = findTicketCode(text, ticketPrefix);
  if (code) return { kind: 'code', code };
  const folded = foldDiacritics(text.toLowerCase());
  return MINE.test(folded) ? { kind: 'mine' } : undefined;
}
