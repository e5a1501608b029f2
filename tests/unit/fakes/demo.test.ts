import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllFakes, type FakeInternet } from '../../fakes';
import { DEMO_CLIENT_IDS, DEMO_KITSU_LOGIN, seedDemo } from '../../fakes/demo';
import { fakeFetch } from '../../fakes/client';

/** The demo world must stay seedable as the fakes evolve, or `npm start` breaks for every newcomer. */
describe('demo seed', () => {
  let fake: FakeInternet;
  beforeAll(async () => {
    fake = await startAllFakes();
    seedDemo(fake, 'https://aababofcnomcpaemldcgadpaddpphmnn.chromiumapp.org/');
  });
  afterAll(() => fake.close());

  it('registers the same client ids the demo build is made with (.env.demo)', () => {
    const env = readFileSync(path.resolve(import.meta.dirname, '../../../.env.demo'), 'utf8');
    expect(env).toContain(`WXT_ANILIST_CLIENT_ID=${DEMO_CLIENT_IDS.anilist}\n`);
    expect(env).toContain(`WXT_MAL_CLIENT_ID=${DEMO_CLIENT_IDS.mal}\n`);
  });

  it('lets the demo user sign in to AniList with the demo client', async () => {
    const res = await fakeFetch(fake, `https://anilist.co/api/v2/oauth/authorize?client_id=${DEMO_CLIENT_IDS.anilist}&response_type=token`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^https:\/\/aababofcnomcpaemldcgadpaddpphmnn\.chromiumapp\.org\/#access_token=/);
  });

  it('lets the demo user sign in to Kitsu with the printed password', async () => {
    const res = await fakeFetch(fake, 'https://kitsu.app/api/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: DEMO_KITSU_LOGIN.email, password: DEMO_KITSU_LOGIN.password }).toString(),
    });
    expect(res.status).toBe(200);
  });

  it('serves the sample MangaDex chapter the demo opens', async () => {
    const res = await fakeFetch(fake, 'https://mangadex.org/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66');
    expect(res.status).toBe(200);
    expect(res.text).toContain('reader--header-manga');
  });
});
