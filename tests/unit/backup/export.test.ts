import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { saveCredentials } from '../../../lib/auth/credentials';
import { exportBackup } from '../../../lib/backup/export';
import { saveConnection } from '../../../lib/library/connections';
import { cachePut } from '../../../lib/library/cache';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import { enqueueIntent } from '../../../lib/library/outbox';
import { appendLog } from '../../../lib/library/sync-log';
import { clientConfig, setClientSecret } from '../../../lib/trackers/accounts';
import { BERSERK, FRIEREN, KOMGA_ONLY, seedLibrary } from './library';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const SECRETS = ['al-access-7f3a9c', 'mal-access-41be07', 'mal-refresh-c0ffee', 'kitsu-refresh-5eed', 'al-client-secret-d00d', 'mal-client-secret-beef'];

describe('exportBackup', () => {
  it('writes a versioned file with the library, links and settings', async () => {
    await seedLibrary();
    const { fileName, text } = await exportBackup(Date.UTC(2025, 4, 6, 12));
    expect(fileName).toBe('kuroibara-sync-backup-2025-05-06.json');
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'library', 'bindings', 'siteLinks', 'settings']);
    expect(file).toMatchObject({ format: 'kuroibara-sync-backup', version: 1, exportedAt: '2025-05-06T12:00:00.000Z' });
    const { library, bindings, siteLinks, settings } = file as {
      library: { series: { id: string }[]; entries: { seriesId: string; progress: number }[] };
      bindings: { service: string; seriesId: string; base: unknown }[];
      siteLinks: { site: string; seriesId: string }[];
      settings: { services: Record<string, { clientId: string }>; reading: { mode: string }; servers: unknown[] };
    };
    expect(library.series.map((s) => s.id).sort()).toEqual([BERSERK.id, FRIEREN.id, KOMGA_ONLY.id].sort());
    expect(library.series.find((s) => s.id === FRIEREN.id)).toEqual(FRIEREN);
    expect(library.entries.map((e) => [e.seriesId, e.progress]).sort()).toEqual([[BERSERK.id, 350], [FRIEREN.id, 110], [KOMGA_ONLY.id, 4]].sort());
    expect(bindings.map((b) => `${b.service}:${b.seriesId}`).sort()).toEqual([`anilist:${FRIEREN.id}`, `mal:${BERSERK.id}`]);
    expect(bindings.find((b) => b.service === 'anilist')?.base).toMatchObject({ progress: 110 });
    expect(siteLinks).toEqual([{ site: 'komga', seriesKey: 'komga.example.org/0G4V', seriesId: KOMGA_ONLY.id, how: 'user', at: 7_000 }]);
    expect(Object.keys(settings.services)).toEqual(['anilist', 'mal', 'kitsu']);
    expect(settings.services.anilist?.clientId).toBe('4242');
    expect(settings.reading.mode).toBe('ask');
    expect(settings.servers).toEqual([]);
  });

  it('never contains tokens, client secrets, the vault, connections, the outbox, the sync log or the cache', async () => {
    await seedLibrary();
    const [alAccess, malAccess, malRefresh, kitsuRefresh, alSecret, malSecret] = SECRETS as [string, string, string, string, string, string];
    await saveCredentials('anilist', { accessToken: alAccess, refreshToken: null, expiresAt: null, clientId: '4242' });
    await saveCredentials('mal', { accessToken: malAccess, refreshToken: malRefresh, expiresAt: 9e12, clientId: 'e2e-mal' });
    await saveCredentials('kitsu', { accessToken: 'kitsu-access-0a0a', refreshToken: kitsuRefresh, expiresAt: null, clientId: '' });
    await setClientSecret('anilist', alSecret);
    await setClientSecret('mal', malSecret);
    await saveConnection({
      service: 'mal', userId: '6001', userName: 'Hinata-connection-record', scoreSetting: null, connectedAt: 1, tokenExpiresAt: null,
      lastCheckedAt: 1, lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
    });
    await enqueueIntent('mal', BERSERK.id, '2', ['progress', 'notes'], 1_234_567);
    await appendLog([{ at: 1, kind: 'run', service: 'mal', direction: null, message: 'sync-log-only-line', details: {} }]);
    await cachePut('lookup:kitsu:x', 'cache-only-value', 60_000);
    // A stray field smuggled into a stored record is not carried either.
    const db = await openDatabase();
    await db.put('series', { ...KOMGA_ONLY, accessToken: 'stray-token-in-series' } as typeof KOMGA_ONLY);
    db.close();
    // The secrets really are stored (so their absence below means something).
    expect((await clientConfig('anilist')).clientSecret).toBe(alSecret);

    const { text } = await exportBackup();
    for (const secret of [...SECRETS, 'kitsu-access-0a0a', 'stray-token-in-series']) expect(text).not.toContain(secret);
    for (const other of ['Hinata-connection-record', `mal:${BERSERK.id}`, '1234567', 'sync-log-only-line', 'cache-only-value']) expect(text).not.toContain(other);
    for (const word of ['accessToken', 'refreshToken', 'clientSecret', 'ciphertext', 'vault', 'outbox', 'password']) expect(text).not.toContain(word);
  });
});
