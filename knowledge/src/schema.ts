import { z } from 'zod';
import { langSchema } from '../../bot/language/lang-schema.ts';

// The languages are the installed locale packs', checked when a file is parsed.
const langEnum = langSchema;
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD'));

const partialDate = z
  .union([z.string(), z.number(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'));

/** Per-language text: `{ vi: "...", en: "..." }`. */
const perLang = <T extends z.ZodTypeAny>(value: T) => z.record(langEnum, value);

export const sourceSchema = z
  .object({
    url: z.string().url(),
    /** Short title people can read under an answer (the validator checks it is there and short). */
    title: z.string().optional(),
    /** Who published it ("Báo Huế ngày nay", "Hue Monuments Conservation Centre"). */
    publisher: z.string().min(1).optional(),
    /** Language of the page. */
    lang: z.string().regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code').optional(),
    /** Published by a government body, a state agency or operator, or their official news organ. */
    official: z.boolean().optional(),
    /** Date the page states, when it states one (a year or a month when that is all it says). */
    published: partialDate.optional(),
    /** Date the content was last checked against this source. */
    checked: isoDate,
    /** false: it backs a side fact (a hotline mentioned in passing), so it is never the line under the answer. */
    shown: z.boolean().optional(),
    /** What staff should know about it (which fact it backs, why it is unofficial); never shown. */
    note: z.string().optional(),
  })
  .strict();

const sourceRef = z.string().min(1).optional();
const clockTime = z.string().regex(/^([01]?\d|2[0-4]):[0-5]\d$/, 'a time is written HH:MM');
/** Numbers as values with a unit, rendered per language by the locale packs' formats. */
const typedFactSchema = z.union([
  z.object({ vnd: z.number().nonnegative(), to: z.number().nonnegative().optional(), source: sourceRef }).strict(),
  z.object({ time: clockTime, to: clockTime.optional(), source: sourceRef }).strict(),
  z.object({ phone: z.string().regex(/^\+?[0-9][0-9 .]{1,18}[0-9]$/, 'a phone number as dialled'), source: sourceRef }).strict(),
  z.object({ number: z.number(), to: z.number().optional(), unit: z.union([z.string().min(1), perLang(z.string().min(1))]).optional(), source: sourceRef }).strict(),
]);

/**
 * A fact is one text for every language, a text per language (e.g. a period spelled out), or a
 * typed value (price, time, phone, number) with the source (`url` of one of the entry's sources)
 * that states it.
 */
const factSchema = z.union([z.string().min(1), z.number(), typedFactSchema, perLang(z.string().min(1))]);

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
    /**
     * Working days that past published cases of this category were given (not an official
     * deadline: none is published); shown to the reporter as an estimate only.
     */
    pastCaseDays: z.number().int().positive(),
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
