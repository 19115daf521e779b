/** Validation of a language code against the registered languages (the installed locale packs). */
import { z } from 'zod';
import { isLang, supportedLangs, type Lang } from './langs.ts';

/** Checked when parsing, so it sees the languages registered at that time. */
export const langSchema: z.ZodType<Lang, z.ZodTypeDef, string> = z
  .string()
  .refine(isLang, (value) => ({ message: `unsupported language "${value}" (supported: ${supportedLangs().join(', ') || 'none installed'})` }));
