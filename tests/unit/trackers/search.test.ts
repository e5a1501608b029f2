import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, searchQuery } from '../../../lib/trackers/search';

describe('searchQuery', () => {
  it('trims, and refuses what is left empty', () => {
    expect(searchQuery('AniList', '  Berserk \n')).toEqual({ kind: 'ok', value: 'Berserk' });
    expect(searchQuery('Kitsu', ' \t ')).toEqual({ kind: 'permanent', message: 'Nothing to search Kitsu for: the title is empty.' });
  });

  it(`cuts at ${MAX_QUERY_LENGTH} characters without splitting one in half, and drops a space left at the cut`, () => {
    // 𠮷 is one character but two UTF-16 units: a naive slice would leave a lone surrogate.
    expect(searchQuery('MAL', '𠮷'.repeat(150))).toEqual({ kind: 'ok', value: '𠮷'.repeat(MAX_QUERY_LENGTH) });
    expect(searchQuery('MAL', `${'a'.repeat(MAX_QUERY_LENGTH - 1)} tail`)).toEqual({ kind: 'ok', value: 'a'.repeat(MAX_QUERY_LENGTH - 1) });
  });
});
