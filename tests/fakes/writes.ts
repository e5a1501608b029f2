/** Write requests the extension made to each tracker fake, from the request log (reads and token calls excluded). */
import type { FakeInternet } from './server';

export function writeCounts(internet: FakeInternet): { anilist: number; mal: number; kitsu: number } {
  const entries = internet.log.entries();
  return {
    anilist: entries.filter((e) => e.host === 'graphql.anilist.co' && e.body.includes('SaveMediaListEntry')).length,
    mal: entries.filter((e) => e.host === 'api.myanimelist.net' && ['PATCH', 'PUT', 'DELETE'].includes(e.method)).length,
    kitsu: entries.filter((e) => e.host === 'kitsu.app' && e.path.startsWith('/api/edge/library-entries') && e.method !== 'GET').length,
  };
}
