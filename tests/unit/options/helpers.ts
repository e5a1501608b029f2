import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';
import type { LibraryRow } from '../../../lib/protocol/messages';

/** A fresh element in the document for each test to render into, unmounted and removed after it. */
export function mountPoint(): () => HTMLElement {
  let element: HTMLElement | null = null;
  beforeEach(() => {
    element = document.createElement('div');
    document.body.append(element);
  });
  afterEach(async () => {
    const done = element;
    element = null;
    if (!done) return;
    await act(() => render(null, done));
    done.remove();
  });
  return () => {
    if (!element) throw new Error('mountPoint() is used outside a test');
    return element;
  };
}

/** Runs a DOM action and lets Preact render and run effects. */
export async function user(action: () => void): Promise<void> {
  await act(async () => {
    action();
    await Promise.resolve();
  });
}

/** Waits (rendering in between) until `check` stops throwing. */
export async function waitFor<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw e;
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 5)));
    }
  }
}

export function typeInto(input: Element | null, value: string): void {
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) throw new Error('not a text field');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function choose(select: Element | null, value: string): void {
  if (!(select instanceof HTMLSelectElement)) throw new Error('not a select');
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The form control inside the `<label>` whose own text starts with `text`. */
export function field(root: ParentNode, text: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const label = Array.from(root.querySelectorAll('label')).find((l) => l.textContent.trim().startsWith(text));
  const control = label?.querySelector('input, select, textarea');
  if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement)) {
    throw new Error(`no field labelled "${text}"`);
  }
  return control;
}

export function button(root: ParentNode, name: string): HTMLButtonElement {
  // The accessible name: aria-label when there is one, else the text.
  const found = Array.from(root.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

export function row(overrides: Partial<LibraryRow> & { seriesId: string; title: string }): LibraryRow {
  return {
    altTitles: [],
    ids: {},
    totalChapters: null,
    totalVolumes: null,
    entry: {
      status: 'reading',
      progress: 0,
      progressVolumes: null,
      score: null,
      startedAt: null,
      completedAt: null,
      rereads: 0,
      notes: '',
      private: false,
    },
    updatedAt: 0,
    services: {},
    conflicts: [],
    ...overrides,
  };
}
