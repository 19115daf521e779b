/**
 * Every test file starts with the repository's locale packs and city profile installed, as the
 * runtime factory installs them at start-up. Tests that build a runtime re-install from its folder.
 */
import { DEFAULT_KNOWLEDGE_DIR, installLocalesFrom } from '../../knowledge/src/locales.ts';

installLocalesFrom(DEFAULT_KNOWLEDGE_DIR);
