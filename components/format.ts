import { t } from '../lib/i18n/t';

/** "Chapter 12.5", or the kind of page when it has no number. */
export function chapterLabel(chapter: number | null): string {
  return chapter === null ? t('chapterUnnumbered') : t('chapterNumbered', chapter);
}

/** An error as a sentence to show (messages from the background already name the service). */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
