/**
 * The Komga fake's reader page, shaped like Komga's comic reader once rendered (SITES.md §B2): `document.title`
 * "Komga - {series} - {number} - {book title}" (the book title alone when it already contains the series title,
 * no number for a oneshot), a visible "N / total" counter, previous/next page buttons that keep `?page=` current
 * with history.replaceState as the real reader does, and a link to the next book at `/book/{id}/read` without a
 * page. Page images are inline SVG, so the page never reaches beyond the fake internet.
 */
import type { KomgaBook, KomgaSeries } from './komga';
import type { FakeResponse } from './types';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

/** SITES.md §B2 `document.title` rules. */
export function readerTitle(series: KomgaSeries, book: KomgaBook): string {
  if (book.title.includes(series.title)) return `Komga - ${book.title}`;
  if (book.oneshot) return `Komga - ${series.title} - ${book.title}`;
  return `Komga - ${series.title} - ${book.number} - ${book.title}`;
}

export function readerPage(
  series: KomgaSeries,
  book: KomgaBook,
  next: KomgaBook | undefined,
  requestedPage: number,
  headers: Record<string, string>,
): FakeResponse {
  const page = Math.min(Math.max(1, requestedPage), book.pages);
  const nextLink = next === undefined ? '' : `<a id="next-book" href="/book/${esc(next.id)}/read">Next book</a>`;
  const body = `<div id="app" class="v-application">
  <header class="v-toolbar"><div class="v-toolbar__title">${esc(readerTitle(series, book).replace(/^Komga - /, ''))}</div></header>
  <main class="reader"><img id="page-image" width="400" height="600" alt="Page ${String(page)}" src="${pageImage(page)}"></main>
  <nav class="reader-controls">
    <button type="button" id="previous-page" aria-label="Previous page">‹</button>
    <span id="page-counter" aria-live="polite">${String(page)} / ${String(book.pages)}</span>
    <button type="button" id="next-page" aria-label="Next page">›</button>
    ${nextLink}
  </nav>
</div>
<script>
(() => {
  const total = ${String(book.pages)};
  const params = new URLSearchParams(location.search);
  let page = ${String(page)};
  const image = (n) => 'data:image/svg+xml,' + encodeURIComponent(${JSON.stringify(SVG_HEAD)} + n + ${JSON.stringify(SVG_TAIL)});
  const show = () => {
    document.getElementById('page-counter').textContent = page + ' / ' + total;
    const img = document.getElementById('page-image');
    img.alt = 'Page ' + page;
    img.src = image(page);
    params.set('page', String(page));
    history.replaceState(history.state, '', location.pathname + '?' + params.toString());
  };
  const go = (delta) => {
    const wanted = Math.min(total, Math.max(1, page + delta));
    if (wanted !== page) { page = wanted; show(); }
  };
  document.getElementById('previous-page').addEventListener('click', () => go(-1));
  document.getElementById('next-page').addEventListener('click', () => go(1));
  // Incognito reading carries on into the next book.
  const next = document.getElementById('next-book');
  if (next && params.get('incognito') === 'true') next.href += '?incognito=true';
  show();
})();
</script>`;
  return { status: 200, headers: { ...HTML, ...headers }, body: htmlDocument(readerTitle(series, book), body) };
}

export function notFoundPage(): FakeResponse {
  return { status: 404, headers: HTML, body: htmlDocument('Komga', '<h1>Not found</h1>') };
}

const SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><rect width="100%" height="100%" fill="#ddd"/><text x="50%" y="50%" font-size="64" text-anchor="middle">';
const SVG_TAIL = '</text></svg>';

/** The same picture the page's script draws for page `n`. */
function pageImage(n: number): string {
  return `data:image/svg+xml,${encodeURIComponent(`${SVG_HEAD}${String(n)}${SVG_TAIL}`)}`;
}

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${esc(title)}</title>
  <style>body{font-family:sans-serif;margin:0}.reader img{max-width:100%}.reader-controls{display:flex;gap:1rem;align-items:center}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}
