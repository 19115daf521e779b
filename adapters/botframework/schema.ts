/** The minimum an Activity needs before it goes to the SDK; everything else passes through. */
import { z } from 'zod';

export const activityEnvelopeSchema = z
  .object({
    type: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    serviceUrl: z.string().url(),
    from: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();
