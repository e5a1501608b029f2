import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { t } from '../../../lib/i18n/t';
import { formatMessage, type LocaleMessage } from '../support/english-messages';
import english from '../../../public/_locales/en/messages.json';

const ROOT = join(import.meta.dirname, '../../..');
const MESSAGES: Record<string, LocaleMessage> = english;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The extension's own code: every context that shows text. */
const SOURCES = () => [...sourceFiles(join(ROOT, 'entrypoints')), ...sourceFiles(join(ROOT, 'components')), ...sourceFiles(join(ROOT, 'lib')), join(ROOT, 'wxt.config.ts')];

/** Every `t('key'` in the code. */
function usedKeys(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of SOURCES()) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) {
      const key = match[1] ?? '';
      used.set(key, [...(used.get(key) ?? []), file]);
    }
  }
  return used;
}

const named = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase());

describe('messages.json', () => {
  it('has every key the UI code uses', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used.keys()].filter((key) => !Object.hasOwn(MESSAGES, key));
    expect(missing).toEqual([]);
  });

  it('has no message the code never shows (a key is used by t(), a literal such as labelKey, or __MSG_key__)', () => {
    const code = SOURCES().map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = Object.keys(MESSAGES).filter((key) => !code.includes(`'${key}'`) && !code.includes(`__MSG_${key}__`));
    expect(unused).toEqual([]);
  });

  it('names keys in lower camelCase and describes every message for translators', () => {
    for (const [key, entry] of Object.entries(MESSAGES)) {
      expect(key, key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(entry.message, key).not.toBe('');
      expect(entry.description.length, key).toBeGreaterThan(10);
    }
  });

  it('declares exactly the placeholders each message uses, numbered $1… in order, with an example', () => {
    for (const [key, entry] of Object.entries(MESSAGES)) {
      const declared = Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase());
      expect(new Set(named(entry.message)), key).toEqual(new Set(declared));
      const contents = Object.values(entry.placeholders ?? {}).map((p) => p.content);
      expect(contents.sort(), key).toEqual(declared.map((_, i) => `$${String(i + 1)}`));
      for (const placeholder of Object.values(entry.placeholders ?? {})) expect(placeholder.example, key).toBeTruthy();
      // Variable parts go through placeholders only: no stray `$1` in the text itself.
      expect(entry.message.replace(/\$[A-Za-z0-9_@]+\$/g, ''), key).not.toMatch(/\$\d/);
    }
  });

  it('keeps the manifest strings the extension and its stores show', () => {
    expect(MESSAGES.extName?.message).toBe('Kuroibara Sync');
    expect(MESSAGES.extDescription?.message).toBe('Keeps your manga list in step with AniList, MyAnimeList and Kitsu while you read.');
  });
});

describe('t()', () => {
  it('reads the message from browser.i18n, with numbers passed as strings', () => {
    const getMessage = vi.fn((key: string, subs?: string | string[]) => (key === 'popupSyncNow' ? 'Jetzt synchronisieren' : key === 'popupVersion' ? `Version ${String(subs?.[0])}` : ''));
    fakeBrowser.i18n.getMessage = getMessage;
    expect(t('popupSyncNow')).toBe('Jetzt synchronisieren');
    expect(t('popupVersion', 3)).toBe('Version 3');
    expect(getMessage).toHaveBeenCalledWith('popupVersion', ['3']);
  });

  it('shows the key, not nothing, when the build has no such message', () => {
    fakeBrowser.i18n.getMessage = () => '';
    expect(t('popupSettings')).toBe('popupSettings');
  });
});

describe('the English getMessage of the unit tests', () => {
  it('answers like Chrome: substitutions into named placeholders', () => {
    expect(t('popupSyncNow')).toBe('Sync now');
    expect(t('popupMarkChapterRead', 12)).toBe('Mark chapter 12 as read');
    expect(t('serviceStateConnectedAs', 'Ayaka')).toBe('Connected as Ayaka');
    expect(t('popupMatchChosen', 'Sousou no Frieren', 'Frieren')).toBe('Sousou no Frieren is Frieren from now on.');
  });

  it('leaves `$` in substituted values alone', () => {
    expect(t('serviceStateConnectedAs', '$1 $$ $NAME$')).toBe('Connected as $1 $$ $NAME$');
  });

  it('resolves named placeholders case-insensitively, in any order', () => {
    const entry = { message: 'A $Second$ and $FIRST$', description: 'test', placeholders: { first: { content: '$1' }, second: { content: '$2' } } };
    expect(formatMessage(entry, ['one', 'two'])).toBe('A two and one');
  });
});
