/** "Chapter 12.5", or the kind of page when it has no number. */
export function chapterLabel(chapter: number | null): string {
  return chapter === null ? 'Unnumbered chapter' : `Chapter ${chapter}`;
}
