import { z } from 'zod';
import { langSchema } from '../../bot/language/lang-schema.ts';

// The languages are the installed locale packs', checked when a file is parsed.
const langEnum = langSchema;
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD'));

/** Per-language text: `{ vi: "...", en: "..." }`. */
const perLang = <T extends z.ZodTypeAny>(value: T) => z.record(langEnum, value);

export const sourceSchema = z
  .object({
    url: z.string().url(),
    title: z.string().optional(),
    checked: isoDate,
  })
  .strict();

/** A fact is one value for every language, or a value per language (e.g. an hour range spelled out). */
const factSchema = z.union([z.string().min(1), z.number(), perLang(z.string().min(1))]);

export const entryFrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'expected an id like "tour.imperial-city"'),
    area: z.enum(['public-services', 'hue-s', 'assistant', 'tourism', 'safety']),
    title: perLang(z.string().min(1)),
    /** Names of the one site, procedure or office the entry is about, to recognise it in a message. */
    names: perLang(z.array(z.string().min(1))).default({}),
    questions: perLang(z.array(z.string().min(1)).min(1)),
    facts: z.record(z.string().regex(/^[a-z0-9-]+$/, 'fact names are kebab-case'), factSchema).default({}),
    tags: z.array(z.string()).default([]),
    related: z.array(z.string()).default([]),
    sources: z.array(sourceSchema).min(1, 'every entry names at least one source'),
    reviewed: isoDate,
  })
  .strict();

export type EntryFrontMatter = z.infer<typeof entryFrontMatterSchema>;

export const complaintCategorySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: perLang(z.string().min(1)),
    unit: z
      .object({
        name: perLang(z.string().min(1)),
        /** Public contact of the unit, only when a source gives it. */
        contact: z.string().optional(),
      })
      .strict(),
    /** Expected handling time in working days, as the routing source states it. */
    handlingDays: z.number().int().positive(),
    /** Example reports, per language, used to recognise the category. */
    examples: perLang(z.array(z.string().min(1)).min(1)),
    /** Words that signal the category (matched folded, like queries). */
    keywords: perLang(z.array(z.string().min(1))).default({}),
    /** Extra questions staff want answered for this category (Open311 attributes). */
    attributes: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z0-9_]+$/),
            required: z.boolean().default(false),
            datatype: z.enum(['string', 'number', 'text', 'singlevaluelist']),
            description: perLang(z.string().min(1)),
            values: z.array(z.object({ key: z.string(), name: perLang(z.string()) }).strict()).optional(),
          })
          .strict(),
      )
      .default([]),
    sources: z.array(sourceSchema).min(1),
    reviewed: isoDate,
  })
  .strict();

export type ComplaintCategoryFile = z.infer<typeof complaintCategorySchema>;

export const outOfScopeSchema = z
  .object({
    topics: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9-]+$/),
          reason: z.string().min(1),
          match: z.array(z.array(z.string().min(1)).min(1)).min(1),
          unless: z.array(z.string().min(1)).default([]),
          /** Messages about the topic as people type them, per language: training data for the interpreter. */
          examples: z.record(z.string(), z.array(z.string().min(1))).default({}),
        })
        .strict(),
    ),
  })
  .strict();

export type OutOfScopeFile = z.infer<typeof outOfScopeSchema>;
