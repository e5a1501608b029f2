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
    ['lib/protocol/messages.ts', "import { ServiceState } from '../components/ServiceState';\nvoid ServiceState;\n"],
  ])('%s may not import entrypoints or components', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([expect.stringMatching(/must not import entrypoints/)]);
  });

  it.each([
    ['lib/settings/services.ts', "import { z } from 'zod';\nvoid z;\n"],
    ['lib/trackers/http.ts', "import type { z } from 'zod';\nexport type T = z.ZodType;\n"],
    ['lib/protocol/messages.ts', "import * as z from 'zod/v4';\nvoid z;\n"],
    ['lib/model.ts', "import { z } from 'zod/v3';\nvoid z;\n"],
    ['entrypoints/background/index.ts', "import { z } from 'zod';\nvoid z;\n"],
    ['entrypoints/options/App.tsx', "export { z } from 'zod';\n"],
    ['components/format.ts', "import { z } from 'zod';\nvoid z;\n"],
  ])('%s may not import classic zod (background bundle budget)', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([expect.stringMatching(/Import \{ z \} from 'zod\/mini'.*gzip budget/)]);
  });

  it('keeps the zod wall beside the content-script wall', async () => {
    const code = "import { z } from 'zod';\nimport * as vault from '../auth/vault';\nvoid z;\nvoid vault;\n";
    expect(await wallViolations('lib/sites/mangadex.ts', code)).toEqual([
      expect.stringMatching(/zod\/mini/),
      expect.stringMatching(/report facts only/),
    ]);
  });

  it.each([
    ['lib/settings/services.ts', "import { z } from 'zod/mini';\nvoid z;\n"],
    ['lib/trackers/http.ts', "import type { z } from 'zod/mini';\nexport type T = z.ZodMiniType;\n"],
    ['entrypoints/background/index.ts', "import { z } from 'zod/v4/mini';\nvoid z;\n"],
    ['tests/unit/settings/services.test.ts', "import { z } from 'zod';\nvoid z;\n"],
  ])('lets %s use zod/mini (and tests use classic zod)', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([]);
  });

  it.each([
    ['lib/sync/flush.ts', "import { refreshProblems } from '../background/feedback/problems';\nvoid refreshProblems;\n"],
    ['lib/trackers/accounts.ts', "import { showProblems } from '../background/feedback/badge';\nvoid showProblems;\n"],
    ['lib/reading/read-flow.ts', "import type { MessageType } from '../protocol/messages';\nexport type T = MessageType;\n"],
    ['lib/library/view.ts', "import { handlers } from '../background/handlers/index';\nvoid handlers;\n"],
    ['lib/settings/services.ts', "import { requestSchemas } from '../protocol/messages';\nvoid requestSchemas;\n"],
    ['lib/backup/import.ts', "import { routeMessage } from '../background/router';\nvoid routeMessage;\n"],
    ['lib/signal.ts', "import { listenToWork } from './background/feedback/listen';\nvoid listenToWork;\n"],
  ])('%s reports up: it may not import the background or the protocol', async (file, code) => {
    expect(await wallViolations(file, code)).toEqual([expect.stringMatching(/report up: no background or protocol/)]);
  });

  it('lets the background use the layers below it and the protocol', async () => {
    const code = "import { runSync } from '../../sync/engine';\nimport type { MessageType } from '../../protocol/messages';\nvoid runSync;\nexport type T = MessageType;\n";
    expect(await wallViolations('lib/background/handlers/library.ts', code)).toEqual([]);
  });

  it('lets the background use the library', async () => {
    expect(await wallViolations('entrypoints/background/index.ts', "import { openDatabase } from '../../lib/library/db';\nvoid openDatabase;\n")).toEqual([]);
  });
});

/** Lints `code` as the file at `file`, returning the import-cycle messages. */
async function cycles(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => m.message);
}

/** No import cycle anywhere (STYLE.md): the rule runs in `npm run lint`; this proves it fires. */
describe('import cycles', () => {
  it('finds a cycle made by a low module importing one that depends on it', async () => {
    // Everything in the background depends on the domain model: the model importing the handlers closes a loop.
    expect(await cycles('lib/model.ts', "import { handlers } from './background/handlers/index';\nvoid handlers;\n")).toEqual([expect.stringMatching(/cycle/i)]);
  });

  it('finds a cycle between two neighbours', async () => {
    // The flush uses the outbox; the outbox using the flush would close a loop of two.
    expect(await cycles('lib/library/outbox.ts', "import { flushService } from '../sync/flush';\nvoid flushService;\n")).toEqual([expect.stringMatching(/cycle/i)]);
  });

  it('lets a module import one that does not depend on it', async () => {
    expect(await cycles('lib/sync/flush.ts', "import { SERVICE_IDS } from '../model';\nvoid SERVICE_IDS;\n")).toEqual([]);
  });
});
