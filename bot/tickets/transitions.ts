import { IllegalTransitionError } from './errors.ts';
import type { TicketStatus } from './types.ts';

const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  received: ['in_progress', 'resolved', 'rejected'],
  in_progress: ['resolved', 'rejected'],
  resolved: [],
  rejected: [],
};

export function isOpenStatus(status: TicketStatus): boolean {
  return status === 'received' || status === 'in_progress';
}

/** Staying in the same status is allowed: it records a note without a transition. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** The reporter hears about a change when the status moves or staff wrote a public note. */
export function isPublicChange(from: TicketStatus, to: TicketStatus, publicNote: string | undefined): boolean {
  return from !== to || Boolean(publicNote && publicNote.trim());
}
