/**
 * `npm start`: build the extension with the demo client ids (.env.demo), start the fake internet with a demo account on
 * every service, and open Chromium with the extension loaded and every service host mapped to the fakes.
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CATALOG } from '../tests/fakes/catalog';
import { DEMO_KITSU_LOGIN, seedDemo } from '../tests/fakes/demo';
import { KOMGA_DEFAULT, KOMGA_ORIGIN } from '../tests/fakes/komga';
import { startAllFakes } from '../tests/fakes';
import { chromiumArgs, chromiumPath } from '../tests/e2e/chromium';

const EXTENSION_ID = 'aababofcnomcpaemldcgadpaddpphmnn';
const DEVTOOLS_PORT = Number(process.env.DEMO_DEVTOOLS_PORT ?? 9222);

/** The demo build (.env.demo holds its client ids) goes to its own folder, never over the real build. */
const DEMO_BUILD = path.resolve('.output/chrome-mv3-demo');

function build(): void {
  console.log('Building the extension with the demo client ids…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  build();
  if (!existsSync(chromiumPath())) {
    throw new Error(`Chromium not found at ${chromiumPath()}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  const fake = await startAllFakes();
  seedDemo(fake, `https://${EXTENSION_ID}.chromiumapp.org/`);

  const headed = Boolean(process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY);
  const profile = mkdtempSync(path.join(tmpdir(), 'kuroibara-demo-'));
  mkdirSync(path.join(profile, 'Default'), { recursive: true });
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: !headed,
    viewport: null,
    args: [...chromiumArgs(fake.hostResolverRules(), DEMO_BUILD), ...(headed ? [] : [`--remote-debugging-port=${DEVTOOLS_PORT}`])],
  });

  const sample = CATALOG.find((manga) => manga.anilist === 118586);
  const chapter = sample?.mangadexChapters[0];
  const reader = await context.newPage();
  if (chapter) await reader.goto(`https://mangadex.org/chapter/${chapter.id}`);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);

  console.log(`
Kuroibara Sync demo is running.
  Fake internet:  ${fake.origin} (control API under ${fake.origin}/__control/…)
  Demo accounts:  AniList and MyAnimeList sign in as "demo" automatically;
                  Kitsu: ${DEMO_KITSU_LOGIN.email} / ${DEMO_KITSU_LOGIN.password}
  Try:            the MangaDex chapter tab, the toolbar popup, and the options page.
  Own server:     Options → Sites → add a Komga server at ${KOMGA_ORIGIN}, allow it, then open
                  ${KOMGA_ORIGIN}/book/${KOMGA_DEFAULT.series[0]?.books[0]?.id ?? ""}/read?page=1`);
  if (!headed) {
    const shots = mkdtempSync(path.join(tmpdir(), 'kuroibara-demo-shots-'));
    await reader.screenshot({ path: path.join(shots, 'reader.png') });
    await options.screenshot({ path: path.join(shots, 'options.png'), fullPage: true });
    console.log(`
No display found, so Chromium runs headless.
  Reach it from a Chromium on this machine: chrome://inspect → Configure → localhost:${DEVTOOLS_PORT}
  Or run with a virtual display: xvfb-run npm start
  Screenshots of the opening tabs: ${shots}`);
  }
  console.log('\nPress Ctrl+C to stop.');

  const stop = async () => {
    await context.close().catch(() => undefined);
    await fake.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  context.on('close', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
