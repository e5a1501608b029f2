import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodeVerifier, createState, randomUnreserved, stateMatches } from '../../../lib/auth/pkce';

describe('PKCE (plain) and state', () => {
  it('makes verifiers of 43–128 unreserved characters, different every time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => createCodeVerifier()));
    expect(verifiers.size).toBe(50);
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(createCodeVerifier(43)).toHaveLength(43);
    expect(() => createCodeVerifier(42)).toThrow(RangeError);
    expect(() => createCodeVerifier(129)).toThrow(RangeError);
  });

  it('uses every character of the alphabet (no bias that drops characters)', () => {
    const seen = new Set(randomUnreserved(20_000));
    expect(seen.size).toBe(66);
  });

  it('accepts only the exact state that was sent', () => {
    const state = createState();
    expect(stateMatches(state, state)).toBe(true);
    expect(stateMatches(state, null)).toBe(false);
    expect(stateMatches(state, `${state}x`)).toBe(false);
    fc.assert(fc.property(fc.string({ minLength: 32, maxLength: 32 }), (other) => other === state || !stateMatches(state, other)));
  });
});
