import { MatchPattern } from 'wxt/utils/match-patterns';
import { mangadex } from './mangadex';
import type { SiteAdapter } from './types';

/** Every site adapter, explicitly. A test over this list enforces ids, patterns, fixtures and README rows. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [mangadex];

/** The adapter for a page, or undefined when no adapter reads it. */
export function findAdapter(url: URL, adapters: readonly SiteAdapter[] = SITE_ADAPTERS): SiteAdapter | undefined {
  return adapters.find((adapter) => adapter.matches.some((pattern) => new MatchPattern(pattern).includes(url.href)));
}
