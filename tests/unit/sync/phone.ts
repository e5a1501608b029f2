/**
 * "Another device": edits made on the services' own websites or phone apps, straight to the fakes' APIs with the
 * account's own token, so the extension learns of them only by asking the service.
 */
import type { AniListFake } from '../../fakes/anilist';
import { fakeFetch } from '../../fakes/client';
import type { FakeInternet } from '../../fakes';
import type { KitsuFake } from '../../fakes/kitsu';
import type { MalFake } from '../../fakes/mal';
import { USERS } from './world';

async function expectOk(reply: { status: number; text: string }, what: string): Promise<void> {
  if (reply.status >= 300) throw new Error(`${what} failed: ${reply.status} ${reply.text}`);
  await Promise.resolve();
}

/** AniList's website: SaveMediaListEntry by media id (its pages send a Referer). */
export async function aniListEdit(internet: FakeInternet, mediaId: number, changes: Record<string, unknown>): Promise<void> {
  const token = (internet.services.anilist as AniListFake).issueToken(USERS.anilist.name);
  const args = Object.entries({ mediaId, ...changes }).map(([key, value]) => `${key}: ${JSON.stringify(value).replace(/"(\w+)":/g, '$1:').replace(/"([A-Z_]+)"/g, '$1')}`).join(', ');
  const reply = await fakeFetch(internet, 'https://graphql.anilist.co/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, referer: 'https://anilist.co/' },
    body: JSON.stringify({ query: `mutation { SaveMediaListEntry(${args}) { id } }` }),
  });
  await expectOk(reply, 'AniList edit');
}

/** MyAnimeList's app: PATCH my_list_status with form fields. */
export async function malEdit(internet: FakeInternet, mangaId: number, form: Record<string, string>): Promise<void> {
  const token = (internet.services.mal as MalFake).issueTokens(USERS.mal.name, 'mal-client').access_token;
  const reply = await fakeFetch(internet, `https://api.myanimelist.net/v2/manga/${mangaId}/my_list_status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
    body: new URLSearchParams(form).toString(),
  });
  await expectOk(reply, 'MyAnimeList edit');
}

/** MyAnimeList's website: the entry is removed from the list. */
export async function malDelete(internet: FakeInternet, mangaId: number): Promise<void> {
  const token = (internet.services.mal as MalFake).issueTokens(USERS.mal.name, 'mal-client').access_token;
  const reply = await fakeFetch(internet, `https://api.myanimelist.net/v2/manga/${mangaId}/my_list_status`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });
  await expectOk(reply, 'MyAnimeList delete');
}

function kitsuEntryId(internet: FakeInternet, mangaId: string): string {
  const state = (internet.services.kitsu as KitsuFake).state() as { entries: { id: string; mangaId: string }[] };
  const entry = state.entries.find((e) => e.mangaId === mangaId);
  if (!entry) throw new Error(`no Kitsu entry for manga ${mangaId}`);
  return entry.id;
}

const kitsuToken = (internet: FakeInternet) => (internet.services.kitsu as KitsuFake).issueTokens(USERS.kitsu.name).access_token;

/** Kitsu's website: PATCH the library entry's attributes. */
export async function kitsuEdit(internet: FakeInternet, mangaId: string, attributes: Record<string, unknown>): Promise<void> {
  const id = kitsuEntryId(internet, mangaId);
  const reply = await fakeFetch(internet, `https://kitsu.app/api/edge/library-entries/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/vnd.api+json', accept: 'application/vnd.api+json', authorization: `Bearer ${kitsuToken(internet)}` },
    body: JSON.stringify({ data: { id, type: 'libraryEntries', attributes } }),
  });
  await expectOk(reply, 'Kitsu edit');
}

/** Kitsu's website: the entry is removed from the list. */
export async function kitsuDelete(internet: FakeInternet, mangaId: string): Promise<void> {
  const id = kitsuEntryId(internet, mangaId);
  const reply = await fakeFetch(internet, `https://kitsu.app/api/edge/library-entries/${id}`, {
    method: 'DELETE',
    headers: { accept: 'application/vnd.api+json', authorization: `Bearer ${kitsuToken(internet)}` },
  });
  await expectOk(reply, 'Kitsu delete');
}

/** Kitsu's website: the manga is added to the list (a new library entry, with a new id). */
export async function kitsuAdd(internet: FakeInternet, mangaId: string, attributes: Record<string, unknown>): Promise<void> {
  const reply = await fakeFetch(internet, 'https://kitsu.app/api/edge/library-entries', {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.api+json', accept: 'application/vnd.api+json', authorization: `Bearer ${kitsuToken(internet)}` },
    body: JSON.stringify({
      data: {
        type: 'libraryEntries',
        attributes,
        relationships: { user: { data: { type: 'users', id: USERS.kitsu.id } }, manga: { data: { type: 'manga', id: mangaId } } },
      },
    }),
  });
  await expectOk(reply, 'Kitsu add');
}

/** Kitsu's settings page: the user picks another rating system (PATCH of their own user record). */
export async function kitsuRatingSystem(internet: FakeInternet, ratingSystem: 'simple' | 'regular' | 'advanced'): Promise<void> {
  const id = USERS.kitsu.id;
  const reply = await fakeFetch(internet, `https://kitsu.app/api/edge/users/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/vnd.api+json', accept: 'application/vnd.api+json', authorization: `Bearer ${kitsuToken(internet)}` },
    body: JSON.stringify({ data: { id, type: 'users', attributes: { ratingSystem } } }),
  });
  await expectOk(reply, 'Kitsu settings');
}
