import { MatchPattern } from 'wxt/utils/match-patterns';
import { asurascansSite } from './asurascans';
import { comixSite } from './comix';
import { flamecomicsSite } from './flamecomics';
import { kavitaSite } from './kavita';
import { komgaSite } from './komga';
import { kuroibaraSite } from './kuroibara';
import { mangadexSite } from './mangadex';
import { mangafireSite } from './mangafire';
import { mangahereSite } from './mangahere';
import { manganatoSite } from './manganato';
import { mangapillSite } from './mangapill';
import { mangaplusSite } from './mangaplus';
import { mangareaderSite } from './mangareader';
import { suwayomiSite } from './suwayomi';
import { weebcentralSite } from './weebcentral';
import type { SiteInfo } from './types';

/**
 * Every adapter's id, name and match patterns, without its detection code: what the background needs to check
 * which site a page is on, and what the Sites tab lists. The registry test keeps it equal to the registry.
 */
export const SITE_CATALOG: readonly SiteInfo[] = [
  mangadexSite, manganatoSite, asurascansSite, flamecomicsSite, mangapillSite, mangahereSite, mangaplusSite, weebcentralSite,
  mangafireSite, comixSite, mangareaderSite, komgaSite, kavitaSite, suwayomiSite, kuroibaraSite,
];

/** The public site a page is on, or undefined. */
export function siteOf(url: URL): SiteInfo | undefined {
  return SITE_CATALOG.find((site) => site.matches.some((pattern) => new MatchPattern(pattern).includes(url.href)));
}
