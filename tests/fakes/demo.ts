/**
 * The demo world `npm start` opens: one account named "demo" on every service, with overlapping lists linked
 * by the catalogue's cross-service ids (and deliberately not identical, so sync has something to do).
 */
import type { FakeInternet } from './server';

/** Client ids the demo build is made with (.env.demo), registered with the fakes below. */
export const DEMO_CLIENT_IDS = { anilist: '1001', mal: 'kuroibara-demo' } as const;

export const DEMO_KITSU_LOGIN = { email: 'demo@kuroibara.test', password: 'demo-password' } as const;

/** Seeds every fake with the demo account; `redirectUri` is the extension's identity redirect URL. */
export function seedDemo(fake: FakeInternet, redirectUri: string): void {
  const service = (name: string) => {
    const found = fake.services[name];
    if (!found) throw new Error(`the fake internet has no ${name} fake`);
    return found;
  };
  service('anilist').seed({
    users: [
      {
        id: 7001,
        name: 'demo',
        scoreFormat: 'POINT_10_DECIMAL',
        list: [
          { mediaId: 30002, status: 'CURRENT', progress: 350, scoreRaw: 95 },
          { mediaId: 118586, status: 'CURRENT', progress: 110, scoreRaw: 90 },
          { mediaId: 30656, status: 'COMPLETED', progress: 327, progressVolumes: 37, scoreRaw: 100 },
          { mediaId: 30001, status: 'PLANNING' },
        ],
      },
    ],
    clients: [{ id: DEMO_CLIENT_IDS.anilist, redirectUri, name: 'Kuroibara Sync demo' }],
    authorize: { user: 'demo', action: 'approve' },
  });
  service('mal').seed({
    clients: [{ id: DEMO_CLIENT_IDS.mal, redirectUri }],
    users: [
      {
        id: 8001,
        name: 'demo',
        list: [
          { mangaId: 2, status: 'reading', num_chapters_read: 348, score: 9 },
          { mangaId: 126287, status: 'reading', num_chapters_read: 110, score: 9 },
          { mangaId: 13, status: 'plan_to_read' },
        ],
      },
    ],
    authorize: { user: 'demo', action: 'approve' },
  });
  service('kitsu').seed({
    users: [
      {
        id: '9001',
        name: 'demo',
        email: DEMO_KITSU_LOGIN.email,
        password: DEMO_KITSU_LOGIN.password,
        ratingSystem: 'regular',
        list: [
          { mangaId: '24', status: 'current', progress: 350, ratingTwenty: 19 },
          { mangaId: '41347', status: 'planned' },
        ],
      },
    ],
  });
}
