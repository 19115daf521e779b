import { isLang } from '../language/langs.ts';
import { InvalidTicketError } from './errors.ts';
import { isValidPoint } from './geo.ts';
import { foldText } from './text-fold.ts';
import { expectedByDate } from './ticket-code.ts';
import type { NewTicket } from './types.ts';
import { wardFromAddress } from './ward.ts';

/** Everything a store writes for a new ticket besides id, code and status. */
export interface PreparedTicket extends NewTicket {
  photos: string[];
  attributes: NonNullable<NewTicket['attributes']>;
  expectedBy: string;
  /** Folded address used to find reports of the same place. */
  addressKey?: string;
}

const MAX_DESCRIPTION = 4000;

/** Checks a new ticket and derives what both stores need; throws InvalidTicketError. */
export function prepareNewTicket(input: NewTicket, now: Date): PreparedTicket {
  if (!input.category.trim()) throw new InvalidTicketError('category is required');
  if (!input.description.trim()) throw new InvalidTicketError('description is required');
  if (input.description.length > MAX_DESCRIPTION) throw new InvalidTicketError(`description is longer than ${MAX_DESCRIPTION} characters`);
  if (!Number.isFinite(input.handlingDays) || input.handlingDays < 0) throw new InvalidTicketError('handlingDays must be ≥ 0');
  if (input.location && !isValidPoint(input.location)) throw new InvalidTicketError('location is not a valid WGS84 point');
  if (!isLang(input.lang)) throw new InvalidTicketError(`unsupported lang ${input.lang}`);
  // A phone number is personal data: it is kept only when the person agreed to a stated purpose.
  if (input.contactPhone && !input.consent) throw new InvalidTicketError('contactPhone requires consent');
  const address = input.address?.trim() || undefined;
  return {
    ...input,
    description: input.description.trim(),
    address,
    addressKey: address ? foldText(address) : undefined,
    ward: input.ward ?? wardFromAddress(address),
    photos: input.photos ?? [],
    attributes: input.attributes ?? {},
    expectedBy: expectedByDate(now, input.handlingDays),
  };
}

export function addressKey(address: string): string {
  return foldText(address);
}
