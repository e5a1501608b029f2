import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The walls of STYLE.md: what reader pages run never touches secrets or state; lib/ never reaches up. */
// Patterns match the import string as written, so they must catch relative forms ('../library/db' from
// lib/sites) as well as rooted ones ('../../lib/library/db', '@/lib/library'): match the path segment.
const CONTENT_SCRIPT_WALL = {
  patterns: [
    {
      regex: '(^|/)(trackers|auth|library)(/|$)',
      message: 'Content scripts and site adapters report facts only: no trackers, auth or library (STYLE.md).',
    },
  ],
};
const LIB_WALL = {
  patterns: [
    {
      regex: '(^|/)(entrypoints|components)(/|$)',
      message: 'lib/ must not import entrypoints/ or components/ (STYLE.md).',
    },
  ],
};

/**
 * The layers below the background (STYLE.md): they return what happened and never decide what the user sees, so
 * they import neither the background (router, handlers, badge, notifications) nor the message protocol.
 */
const BELOW_BACKGROUND_WALL = {
  patterns: [
    {
      regex: '(^|/)(background|protocol)(/|$)',
      message: 'sync, reading, library, trackers, auth, settings, servers and backup report up: no background or protocol (STYLE.md).',
    },
  ],
};

/**
 * Production code uses zod/mini only: classic zod (or its v3 build) adds ~16 KB gzip to the background service
 * worker, whose bundle has a hard 60 KB gzip budget (tests/e2e/build.spec.ts). Tests may use classic zod.
 */
const ZOD_WALL = {
  patterns: [
    {
      regex: '^zod(/v4)?$|^zod/(v3|v4/classic)(/|$)',
      message:
        "Import { z } from 'zod/mini': classic zod adds ~16 KB gzip to the background, which must stay within its 60 KB gzip budget (tests/e2e/build.spec.ts).",
    },
  ],
};
/** One rule setting per file (a later `no-restricted-imports` replaces an earlier one), so walls are combined. */
const walls = (...list) => ({ patterns: list.flatMap((wall) => wall.patterns) });

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  { files: ['entrypoints/**', 'components/**'], rules: { 'no-restricted-imports': ['error', walls(ZOD_WALL)] } },
  { files: ['lib/**'], rules: { 'no-restricted-imports': ['error', walls(LIB_WALL, ZOD_WALL)] } },
  {
    files: ['lib/{sync,reading,library,trackers,auth,settings,servers,backup}/**', 'lib/*.ts'],
    rules: { 'no-restricted-imports': ['error', walls(BELOW_BACKGROUND_WALL, LIB_WALL, ZOD_WALL)] },
  },
  {
    files: ['entrypoints/reader.content/**', 'entrypoints/server.content/**', 'lib/sites/**'],
    rules: { 'no-restricted-imports': ['error', walls(CONTENT_SCRIPT_WALL, LIB_WALL, ZOD_WALL)] },
  },
  // No import cycle anywhere in the extension's code: a cycle is a layer that reaches back up.
  {
    files: ['lib/**', 'entrypoints/**', 'components/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // In tests a failed `!` is a failed test, which is what it should be.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
