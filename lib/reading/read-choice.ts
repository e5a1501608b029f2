/**
 * How the answers to the Resume-or-Reread question are said, in one place for the in-page notice and the popup
 * (the content script may not import components/).
 */
import { t } from '../i18n/t';
import type { ReadChoice } from '../model';

/** The button for `choice`, with the progress it leaves: "Resume at chapter 50", "Reread from chapter 3". */
export function readChoiceLabel(choice: ReadChoice, chapter: number): string {
  return choice === 'resume' ? t('readChoiceResume', chapter) : t('readChoiceReread', chapter);
}
