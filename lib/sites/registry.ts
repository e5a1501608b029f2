import { MatchPattern } from 'wxt/utils/match-patterns';
import { asurascans } from './asurascans';
import { comix } from './comix';
import { flamecomics } from './flamecomics';
import { kavita } from './kavita';
import { komga } from './komga';
import { kuroibara } from './kuroibara';
import { mangadex } from './mangadex';
import { mangafire } from './mangafire';
import { mangahere } from './mangahere';
import { manganato } from './manganato';
import { mangapill } from './mangapill';
import { mangaplus } from './mangaplus';
import { mangareader } from './mangareader';
import { suwayomi } from './suwayomi';
import { weebcentral } from './weebcentral';
import type { SiteAdapter } from './types';

/** Public reader sites: declared in the manifest, read by the `reader` content script. */
export const PUBLIC_SITE_ADAPTERS: readonly SiteAdapter[] = [
  mangadex, manganato, asurascans, flamecomics, mangapill, mangahere, mangaplus, weebcentral, mangafire, comix, mangareader,
];

/** Self-hosted server software: read by the `server` content script, registered on the origins the user adds. */
export const SELF_HOSTED_ADAPTERS: readonly SiteAdapter[] = [komga, kavita, suwayomi, kuroibara];

/**
 * Every site adapter, explicitly. A test over this list enforces ids, patterns, fixtures and README rows. Each
 * content script imports only its own half, so a public site's page never loads the servers' adapters.
 */
export const SITE_ADAPTERS: readonly SiteAdapter[] = /* @__PURE__ */ PUBLIC_SITE_ADAPTERS.concat(SELF_HOSTED_ADAPTERS);

/** The public site's adapter for a page, or undefined when no adapter reads it. */
export function findAdapter(url: URL, adapters: readonly SiteAdapter[] = PUBLIC_SITE_ADAPTERS): SiteAdapter | undefined {
  return adapters.find((adapter) => adapter.matches.some((pattern) => new MatchPattern(pattern).includes(url.href)));
}

/**
 * Where the reader content script is declared in the manifest: every public site's pages. A function, not a
 * constant, so a bundle that does not call it (the self-hosted script) does not keep every public adapter.
 */
export function publicSiteMatches(): string[] {
  return [...new Set(PUBLIC_SITE_ADAPTERS.flatMap((adapter) => adapter.matches))];
}

/** The self-hosted server software with this id, if there is one. */
export function selfHostedAdapter(id: string): SiteAdapter | undefined {
  return SELF_HOSTED_ADAPTERS.find((adapter) => adapter.id === id);
}
