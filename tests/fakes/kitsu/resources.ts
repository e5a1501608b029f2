/**
 * Resource objects as kitsu-server serialises them: camelCase attributes, string ids, relationships that carry
 * only `links` unless included (jsonapi-resources 0.9 sends linkage `data` only for included relationships —
 * so a client that needs an entry's manga id must ask for `include=manga`).
 */
import { API_BASE } from './jsonapi';
import { STATIC_TIME, type KitsuEntry, type KitsuMapping, type KitsuUser } from './store';
import type { KitsuManga } from './seed';

export interface Resource {
  id: string;
  type: string;
  links: { self: string };
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

function relationship(path: string, name: string, data?: { type: string; id: string } | null): unknown {
  const links = { self: `${API_BASE}/${path}/relationships/${name}`, related: `${API_BASE}/${path}/${name}` };
  return data === undefined ? { links } : { links, data };
}

export function entryResource(e: KitsuEntry, included: ReadonlySet<string>): Resource {
  const path = `library-entries/${e.id}`;
  const manga = { type: 'manga', id: e.mangaId };
  const link = (name: string, data: { type: string; id: string } | null): unknown =>
    relationship(path, name, included.has(name) ? data : undefined);
  return {
    id: e.id,
    type: 'libraryEntries',
    links: { self: `${API_BASE}/${path}` },
    attributes: {
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      status: e.status,
      progress: e.progress,
      volumesOwned: e.volumesOwned,
      reconsuming: e.reconsuming,
      reconsumeCount: e.reconsumeCount,
      notes: e.notes,
      private: e.private,
      reactionSkipped: e.reactionSkipped,
      progressedAt: e.progressedAt,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      // Deprecated 0–5 rating kitsu-server still derives from ratingTwenty: ((r/2).floor / 2).to_s.
      rating: (Math.floor((e.ratingTwenty ?? 0) / 2) / 2).toFixed(1),
      ratingTwenty: e.ratingTwenty,
    },
    relationships: {
      user: link('user', { type: 'users', id: e.userId }),
      anime: link('anime', null),
      manga: link('manga', manga),
      drama: link('drama', null),
      media: link('media', manga),
    },
  };
}

export function mangaResource(m: KitsuManga): Resource {
  return {
    id: m.id,
    type: 'manga',
    links: { self: `${API_BASE}/manga/${m.id}` },
    attributes: {
      createdAt: STATIC_TIME,
      updatedAt: STATIC_TIME,
      slug: m.slug,
      synopsis: '',
      description: '',
      titles: { ...m.titles },
      canonicalTitle: m.canonicalTitle,
      abbreviatedTitles: [...m.abbreviatedTitles],
      averageRating: null,
      startDate: m.startDate,
      endDate: null,
      subtype: m.subtype,
      status: m.status,
      posterImage: null,
      coverImage: null,
      chapterCount: m.chapterCount,
      volumeCount: m.volumeCount,
      serialization: null,
      // The deprecated alias of `subtype` kitsu-server still serialises.
      mangaType: m.subtype,
    },
  };
}

/** `ratingSystem` and `email` are private fields (kitsu-server UserResource::PRIVATE_FIELDS): only for oneself. */
export function userResource(u: KitsuUser, self: boolean): Resource {
  const attributes: Record<string, unknown> = {
    createdAt: u.createdAt,
    updatedAt: u.createdAt,
    name: u.name,
    pastNames: [],
    slug: u.slug,
    avatar: null,
    coverImage: null,
  };
  if (self) Object.assign(attributes, { email: u.email, ratingSystem: u.ratingSystem, titleLanguagePreference: 'canonical' });
  return { id: u.id, type: 'users', links: { self: `${API_BASE}/users/${u.id}` }, attributes };
}

export function mappingResource(mp: KitsuMapping, includeItem: boolean): Resource {
  const path = `mappings/${mp.id}`;
  return {
    id: mp.id,
    type: 'mappings',
    links: { self: `${API_BASE}/${path}` },
    attributes: { createdAt: STATIC_TIME, updatedAt: STATIC_TIME, externalSite: mp.externalSite, externalId: mp.externalId },
    relationships: { item: relationship(path, 'item', includeItem ? { type: 'manga', id: mp.mangaId } : undefined) },
  };
}
