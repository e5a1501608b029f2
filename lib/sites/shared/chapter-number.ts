/**
 * Chapter and volume numbers as reader pages print them: "Ch. 12.5", "Vol.3 Chapter 20", "#012", "Episode 7",
 * "Oneshot", "Extra". Numbers are decimals (MangaDex "10.5", Mangapill "chapter-10.1"); absurd values are
 * rejected so a hostile or broken page cannot push progress to 1e12.
 */

/** Largest chapter number accepted from a page; the longest-running series are in the low thousands. */
export const MAX_CHAPTER = 100_000;
/** Largest volume number accepted from a page. */
export const MAX_VOLUME = 1_000;

export interface ParsedChapterLabel {
  chapter: number | null;
  volume: number | null;
  /** `oneshot`/`extra` when the label says so and carries no number. */
  kind: 'numbered' | 'oneshot' | 'extra' | 'unknown';
}

// Only '.' is a decimal point. A longer run of digits is not cut down to a plausible number: "#10000012" is
// not chapter 100000.
const NUMBER = String.raw`(\d{1,6}(?:\.\d{1,3})?)(?![\d.])`;
const VOLUME_RE = new RegExp(String.raw`\b(?:vol(?:ume)?|v)\.?\s*` + NUMBER, 'i');
const CHAPTER_RE = new RegExp(String.raw`(?:\bch(?:apter|ap)?|\bep(?:isode)?|\bc|#)\.?\s*` + NUMBER, 'i');
const BARE_NUMBER_RE = new RegExp(String.raw`^\s*` + NUMBER + String.raw`\s*$`);

/** Parses one decimal number, or null when it is not a sane, finite, non-negative value up to `max`. */
export function parseNumber(text: string | null | undefined, max = MAX_CHAPTER): number | null {
  if (text == null) return null;
  const trimmed = text.trim();
  if (!/^\d{1,6}(?:\.\d{1,3})?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= max ? value : null;
}

/** Parses a chapter label as a reader shows it. */
export function parseChapterLabel(label: string): ParsedChapterLabel {
  // "1,000" is a thousands separator on English pages, not chapter 1 of something.
  const text = label.replace(/\s+/g, ' ').replace(/(\d),(?=\d{3}(?!\d))/g, '$1').trim();
  const volumeMatch = VOLUME_RE.exec(text);
  const volume = volumeMatch ? parseNumber(volumeMatch[1], MAX_VOLUME) : null;
  const rest = volumeMatch ? text.replace(volumeMatch[0], ' ') : text;
  const chapterMatch = CHAPTER_RE.exec(rest) ?? BARE_NUMBER_RE.exec(rest);
  const chapter = chapterMatch ? parseNumber(chapterMatch[1]) : null;
  if (chapter !== null) return { chapter, volume, kind: 'numbered' };
  if (/\bone[\s-]?shot\b/i.test(text)) return { chapter: null, volume, kind: 'oneshot' };
  if (/\b(?:extra|special|bonus|omake)\b/i.test(text)) return { chapter: null, volume, kind: 'extra' };
  return { chapter: null, volume, kind: 'unknown' };
}
