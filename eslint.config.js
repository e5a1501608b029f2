import js from '@eslint/js';
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
  { files: ['lib/**'], rules: { 'no-restricted-imports': ['error', LIB_WALL] } },
  {
    files: ['entrypoints/reader.content/**', 'lib/sites/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...CONTENT_SCRIPT_WALL.patterns, ...LIB_WALL.patterns] }] },
  },
  // In tests a failed `!` is a failed test, which is what it should be.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
