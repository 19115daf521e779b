/** The intake and status catalogues, one per language, and their translator. */
import { translator, type Catalogs } from '../../i18n/catalog.ts';
import { en, type IntakeCatalog, type IntakeMessageKey } from './en.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { vi } from './vi.ts';
import { zh } from './zh.ts';

export type { IntakeMessageKey };

export const intakeCatalogs: Catalogs<IntakeMessageKey> = { vi, en: en as IntakeCatalog, ko, zh, ja, fr };

export const m = translator(intakeCatalogs);
