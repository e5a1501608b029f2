import { Fragment, type ComponentChild } from 'preact';

/** The first character of the Unicode private use area: one that no message or value shown ever contains. */
const FIRST_SLOT = 0xe000;
const SLOTS = /([\uE000-\uE0FF])/u;

/** Stands in for the `index`th element of a message passed to `Slotted`, given to `t()` as a substitution. */
export const slot = (index: number): string => String.fromCharCode(FIRST_SLOT + index);

/**
 * A message with elements inside it (a link, a `<code>`): `text` is the message given `slot(0)`, `slot(1)`… for those
 * placeholders, and each `slot(i)` becomes `elements[i]`. A language puts the element wherever its sentence needs
 * it, and the element stays a real one (focusable, styled) rather than text.
 */
export function Slotted({ text, elements }: { text: string; elements: readonly ComponentChild[] }) {
  return (
    <>
      {text.split(SLOTS).map((part, i) => (
        // split() with a capture group puts the slots at the odd indexes.
        <Fragment key={i}>{i % 2 === 1 ? elements[part.charCodeAt(0) - FIRST_SLOT] : part}</Fragment>
      ))}
    </>
  );
}
