/**
 * `mangadex.org` fixture pages: the reader and title pages as a browser sees them once the real (client-rendered)
 * site has rendered, with the DOM that SITES.md §A documents. Everything is self-contained — page images are
 * inline SVG data URIs — so a page never reaches beyond the fake internet.
 */
import { displayTitle, isUuid, type MangaDexData, type MdChapter, type MdManga } from './mangadex-data';
import type { FakeRequest, FakeResponse } from './types';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

export function handlePage(req: FakeRequest, data: MangaDexData): FakeResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return { status: 405, headers: { ...HTML, allow: 'GET, HEAD' }, body: page('Method not allowed', '<h1>405</h1>') };
  }
  const [kind, id, rest, extra] = req.url.pathname.split('/').filter(Boolean);
  if (kind === undefined) return { status: 200, headers: HTML, body: homePage(data) };
  if (kind === 'chapter' && id === HOSTILE_CHAPTER_ID) return { status: 200, headers: HTML, body: hostilePage(data) };
  if (kind === 'chapter' && id !== undefined && extra === undefined) {
    const found = isUuid(id) ? findChapter(data, id.toLowerCase()) : undefined;
    // `/chapter/{uuid}/{page}`: the page suffix is 1-based (SITES §A); anything else is not a reader URL.
    if (found !== undefined && (rest === undefined || /^\d+$/.test(rest))) {
      const body = readerPage(found.manga, found.chapter, Number(rest ?? '1'), data.config.readerRenderDelayMs);
      return { status: 200, headers: HTML, body };
    }
  }
  if (kind === 'title' && id !== undefined && extra === undefined && isUuid(id)) {
    const manga = data.manga.find((m) => m.id === id.toLowerCase());
    if (manga !== undefined) return { status: 200, headers: HTML, body: titlePage(manga) };
  }
  return { status: 404, headers: HTML, body: page('Not found - MangaDex', '<h1>Page not found</h1><p>Nothing lives here.</p>') };
}

/** A chapter page no MangaDex chapter stands behind, written to trick a reader extension (E2E "hostile page"). */
export const HOSTILE_CHAPTER_ID = '0badc0de-0bad-4c0d-8e00-000000000bad';

/**
 * Claims a real series (the first of the catalogue) with made-up chapter text, then keeps lying from script:
 * absurd numbers, markup injected into the title, a last-page counter, forged messages to any extension, and
 * synthetic clicks on any notice an extension shows.
 */
function hostilePage(data: MangaDexData): string {
  const manga = data.manga[0];
  const title = manga ? displayTitle(manga) : 'Berserk';
  const reader = `<div class="md-content reader">
    <div class="reader--header">
      <a class="reader--header-manga" href="/title/${manga?.id ?? ''}">${esc(title)}<script>/* Ch. 77777 */</script></a>
      <div class="reader--header-meta"><div class="reader--meta chapter">Vol. 1 Ch. 99999</div><div class="reader--meta page">Pg. 5 / 5</div></div>
    </div>
    <div class="md--reader-pages">${pageImages(5, 5)}</div>
    <div class="md--reader-progress"><span class="page-number">5</span><div class="md--progress-bar"></div><span class="page-number">5</span></div>
  </div>`;
  const script = `<script>
(() => {
  const lies = ['Ch. 1e12', 'Vol. 999999 Ch. 123456789', 'Ch. -4', 'Chapter 4000', 'Ch. 12.5'];
  let n = 0;
  setInterval(() => {
    const label = document.querySelector('.reader--meta.chapter');
    if (label) label.innerHTML = '<span hidden>Ch. 1</span>' + lies[n++ % lies.length] + '<script>/* Ch. 3 */</' + 'script>';
    // Forged messages: to every extension id a page might guess, and to anything listening on the window.
    try { chrome.runtime.sendMessage('aababofcnomcpaemldcgadpaddpphmnn', { type: 'markChapterRead', data: { tabId: 1 } }); } catch {}
    window.postMessage({ type: 'chapterRead', data: { reason: 'last-page' } }, '*');
    // Synthetic clicks on whatever an extension put on the page.
    document.querySelectorAll('*').forEach((el) => el.shadowRoot && el.shadowRoot.querySelectorAll('button').forEach((b) => b.click()));
  }, 300);
})();
</script>`;
  return page(`Ch. 99999 - ${title} - MangaDex`, `<div id="app">${reader}</div>${script}`);
}

function findChapter(data: MangaDexData, id: string): { manga: MdManga; chapter: MdChapter } | undefined {
  for (const manga of data.manga) {
    const chapter = manga.chapters.find((c) => c.id === id);
    if (chapter !== undefined) return { manga, chapter };
  }
  return undefined;
}

/** "Vol. 3 Ch. 12", "Ch. 12", or "Oneshot" when the chapter number is null (SITES §A "Chapter number and volume"). */
export function chapterLabel(chapter: Pick<MdChapter, 'chapter' | 'volume'>): string {
  if (chapter.chapter === null) return 'Oneshot';
  return chapter.volume === null ? `Ch. ${chapter.chapter}` : `Vol. ${chapter.volume} Ch. ${chapter.chapter}`;
}

function readerPage(manga: MdManga, chapter: MdChapter, requestedPage: number, renderDelayMs: number): string {
  const title = displayTitle(manga);
  const label = chapterLabel(chapter);
  const total = chapter.pages;
  const current = Math.min(Math.max(1, requestedPage), Math.max(1, total));
  const { prev, next } = neighbours(manga, chapter);
  const nav = [
    prev === undefined ? '' : `<a class="reader--nav-prev" href="/chapter/${prev.id}" aria-label="Previous chapter"><svg class="feather feather-chevron-left" width="24" height="24"></svg></a>`,
    next === undefined ? '' : `<a class="reader--nav-next" href="/chapter/${next.id}" aria-label="Next chapter"><svg class="feather feather-chevron-right" width="24" height="24"></svg></a>`,
  ].join('');

  const body =
    chapter.externalUrl !== null
      ? `<div class="reader--external"><p>This chapter is hosted on an external site.</p><a href="${esc(chapter.externalUrl)}" rel="noopener">Read it there</a></div>`
      : `<div class="md--reader-pages" tabindex="0">${pageImages(total, current)}</div>
    <div class="md--reader-progress" role="progressbar" aria-valuemin="1" aria-valuemax="${total}" aria-valuenow="${current}"><span class="page-number">${current}</span><div class="md--progress-bar"></div><span class="page-number">${total}</span></div>`;

  const reader = `<div class="md-content reader">
    <div class="reader--header">
      <a class="reader--header-manga" href="/title/${manga.id}">${esc(title)}</a>
      <div class="reader--header-title">${esc(chapter.title ?? '')}</div>
      <div class="reader--header-meta">
        <div class="reader--meta chapter">${esc(label)}</div>
        ${chapter.externalUrl === null ? `<div class="reader--meta page">Pg. ${current} / ${total}</div>` : ''}
      </div>
    </div>
    ${body}
    <nav class="reader--nav">${nav}</nav>
  </div>`;

  // The real reader renders client-side; with a render delay the DOM appears later, as it does there, so content
  // scripts must wait for `.md--reader-pages img` (SITES §A "SPA").
  const mounted = renderDelayMs > 0 ? `<template id="md-reader">${reader}</template>` : reader;
  const head = `<meta property="og:title" content="${esc(`${title} - ${label} - MangaDex`)}">
  <meta property="og:url" content="https://mangadex.org/chapter/${chapter.id}">`;
  return page(`${label} - ${title} - MangaDex`, `<div id="app">${mounted}</div>${readerScript(chapter.id, total, renderDelayMs)}`, head);
}

function pageImages(total: number, current: number): string {
  const images: string[] = [];
  for (let n = 1; n <= total; n++) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><rect width="100%" height="100%" fill="#eee"/><text x="50%" y="50%" font-size="48" text-anchor="middle">${n}</text></svg>`;
    const hidden = n === current ? '' : ' style="display:none"';
    images.push(`<img class="img sp" alt="Page ${n}" data-page="${n}" width="400" height="600"${hidden} src="data:image/svg+xml,${encodeURIComponent(svg)}">`);
  }
  return images.join('');
}

/**
 * Single-page reader behaviour: ArrowRight or a click on the page advances, ArrowLeft goes back, clamped to the
 * chapter; the counter, "Pg. x / y" and the URL's `/{page}` suffix follow. The URL changes with replaceState, which
 * fires no event — the hard case for adapters (SITES "Cross-cutting facts" 1).
 */
function readerScript(chapterId: string, total: number, renderDelayMs: number): string {
  return `<script>
(() => {
  const total = ${total};
  let current = 1;
  const start = () => {
    const template = document.getElementById('md-reader');
    if (template) document.getElementById('app').replaceChildren(template.content.cloneNode(true));
    const pages = document.querySelector('.md--reader-pages');
    if (!pages) return;
    current = Number(document.querySelector('.md--reader-progress .page-number').textContent);
    const show = () => {
      document.querySelectorAll('.md--reader-pages img').forEach((img, i) => { img.style.display = i + 1 === current ? '' : 'none'; });
      document.querySelector('.md--reader-progress .page-number:first-child').textContent = String(current);
      document.querySelector('.md--reader-progress').setAttribute('aria-valuenow', String(current));
      document.querySelector('.reader--meta.page').textContent = 'Pg. ' + current + ' / ' + total;
      history.replaceState(history.state, '', '/chapter/${chapterId}/' + current);
    };
    const go = (delta) => {
      const next = Math.min(total, Math.max(1, current + delta));
      if (next !== current) { current = next; show(); }
    };
    document.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
    });
    pages.addEventListener('click', () => go(1));
  };
  ${renderDelayMs > 0 ? `setTimeout(start, ${renderDelayMs});` : 'start();'}
})();
</script>`;
}

/** Previous and next chapter of the same manga and language, by chapter number (oneshots first). */
function neighbours(manga: MdManga, chapter: MdChapter): { prev?: MdChapter; next?: MdChapter } {
  const ordered = manga.chapters
    .filter((c) => c.translatedLanguage === chapter.translatedLanguage)
    .sort((a, b) => chapterNumber(a) - chapterNumber(b));
  const index = ordered.findIndex((c) => c.id === chapter.id);
  return { prev: ordered[index - 1], next: ordered[index + 1] };
}

const chapterNumber = (c: MdChapter): number => (c.chapter === null ? -Infinity : Number(c.chapter));

/** Tracker links as `a.tag` (SITES §A "Tracker links"), built from `attributes.links` like the real page. */
function trackerLinks(manga: MdManga): string {
  const { al, mal, kt, ap } = manga.links;
  const links: [string, string][] = [];
  if (al !== undefined) links.push([`https://anilist.co/manga/${encodeURIComponent(al)}`, 'AniList']);
  if (ap !== undefined) links.push([`https://www.anime-planet.com/manga/${encodeURIComponent(ap)}`, 'Anime-Planet']);
  if (kt !== undefined) links.push([`https://kitsu.app/manga/${encodeURIComponent(kt)}`, 'Kitsu']);
  if (mal !== undefined) links.push([`https://myanimelist.net/manga/${encodeURIComponent(mal)}`, 'MyAnimeList']);
  return links.map(([href, text]) => `<a class="tag" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${text}</a>`).join('\n');
}

function titlePage(manga: MdManga): string {
  const title = displayTitle(manga);
  const alt = manga.altTitles.flatMap((t) => Object.values(t)).map((t) => `<span>${esc(t)}</span>`).join(' ');
  const chapters = manga.chapters
    .map((c) => `<li><a href="/chapter/${c.id}">${esc(chapterLabel(c))}${c.title === null ? '' : ` - ${esc(c.title)}`}</a></li>`)
    .join('\n');
  const head = `<meta property="og:title" content="${esc(`${title} - MangaDex`)}">
  <meta property="og:url" content="https://mangadex.org/title/${manga.id}">`;
  return page(
    `${title} - MangaDex`,
    `<div class="md-content title">
      <h1 class="title-main">${esc(title)}</h1>
      <div class="alt-titles">${alt}</div>
      <div style="grid-area: synopsis"><p>${esc(title)} is a fixture of the Kuroibara Sync test suite.</p></div>
      <div class="links"><h2>Track</h2>${trackerLinks(manga)}</div>
      <ul class="chapters">${chapters}</ul>
    </div>`,
    head,
  );
}

function homePage(data: MangaDexData): string {
  const items = data.manga.map((m) => `<li><a href="/title/${m.id}">${esc(displayTitle(m))}</a></li>`).join('\n');
  return page('MangaDex (fake)', `<h1>MangaDex fixture site</h1><ul class="titles">${items}</ul>`);
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${esc(title)}</title>
  ${head}
  <style>body{font-family:sans-serif;margin:1rem}.tag{margin-right:.5rem}.md--reader-pages img{max-width:100%;cursor:pointer}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
