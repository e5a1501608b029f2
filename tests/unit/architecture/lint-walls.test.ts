import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints `code` as if it were the file at `file`, returning the restricted-import messages. */
async function wallViolations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The walls of STYLE.md are enforced by ESLint; this proves the rule fires, so nobody weakens it by accident. */
describe('layer walls', () => {
  it.each([
    ['entrypoints/reader.content/index.ts', "import { openDatabase } from '../../lib/library/db';\nvoid openDatabase;\n"],
    ['entrypoints/reader.content/report.ts', "import * as trackers from '../../lib/trackers/tracker';\nvoid trackers;\n"],
    ['lib/sites/mangadex.ts', "import * as vault from '../auth/vault';\nvoid vault;\n"],
    ['lib/sites/registry.ts', "import { saveConnection } from '../library/connections';\nvoid saveConnection;\n"],
    ['entrypoints/reader.content/index.ts', "import * as vault from '@/lib/auth/vault';\nvoid vault;\n"],
  ])('%s may not import trackers, auth or library', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([expect.stringMatching(/report facts only/)]);
  });

  it.each([
    ['lib/model.ts', "import { App } from '../entrypoints/popup/App';\nvoid App;\n"],
    ['lib/messages.ts', "import { ServiceState } from '../components/ServiceState';\nvoid ServiceState;\n"],
  ])('%s may not import entrypoints or components', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([expect.stringMatching(/must not import entrypoints/)]);
  });

  it('lets the background use the library', async () => {
    expect(await wallViolations('entrypoints/background/index.ts', "import { openDatabase } from '../../lib/library/db';\nvoid openDatabase;\n")).toEqual([]);
  });
});
