/** The AniList fake lives in `./anilist/`; this file keeps `import … from './anilist'` short for server.ts and tests. */
export * from './anilist/index';
