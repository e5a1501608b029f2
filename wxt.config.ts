import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * Public half of the signing key. It pins the unpacked extension's id (aababofcnomcpaemldcgadpaddpphmnn), so the
 * OAuth redirect URL https://aababofcnomcpaemldcgadpaddpphmnn.chromiumapp.org/ stays the same on every checkout.
 */
const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuhBBY8zpyi4bT1a62tx0wvyaoQlT9mghLCDE3VBWflr1ai5Vkf4dVnntdb0As9ywrb/Cf5368T2asARcqBB6gR6njQBoM5OkUdlT75Urod4ltmNlTVT24LAGSFxxkulpGt8WeVMulbRLhthluKuVRwgT1lBRG6u5UzuOlY2EMVOtJ+h47B+8TAMouQpi2kDktik+j2D7s2P6T+KlS/BcQMkNHtWG2O/Nzjko+mG5dqyjXq8+I8LSc6/HpxDHQapFvhna4anOAHVWR5/3nLC1mXrPCgH60EMFeVXA2sEfZREdZA+3FbJc9DNWgc3xCMHxyVPDvpK8TXDCS4PL2pReYQIDAQAB';

/**
 * Exactly the service hosts the extension talks to (DESIGN.md "Test contract"). Every widening is deliberate:
 * tests/e2e/build.spec.ts compares the built manifest with an expected list.
 */
const SERVICE_HOSTS = [
  'https://graphql.anilist.co/*',
  'https://anilist.co/*',
  'https://api.myanimelist.net/*',
  'https://myanimelist.net/*',
  'https://kitsu.app/*',
  'https://api.mangadex.org/*',
];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Everything is imported explicitly, so a grep shows every dependency (STYLE.md).
  imports: false,
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    // Translated through public/_locales/<lang>/messages.json (issue #6): English is the default and the fallback.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // scripting: the reader script is registered at run time on the self-hosted servers the user adds.
    // declarativeNetRequestWithHostAccess: one rule adds `Referer: https://anilist.co/` to this extension's own
    // requests to graphql.anilist.co, which AniList refuses without one (lib/trackers/anilist/referer.ts). The
    // "WithHostAccess" form acts only where host permissions already reach and adds no install warning; the plain
    // `declarativeNetRequest` would add "Block content on any page".
    permissions: ['storage', 'alarms', 'identity', 'scripting', 'declarativeNetRequestWithHostAccess'],
    host_permissions: SERVICE_HOSTS,
    // Self-hosted readers (Kuroibara, Komga, Kavita, Suwayomi) live on origins only the user knows; each one is
    // requested at run time for that single origin, never granted up front.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // notifications: opt-in (Options → Settings), asked for when the user turns them on, never at install.
    optional_permissions: ['notifications'],
    // The key is a suggestion the user can change in the browser's shortcut settings. Alt+Shift+K is free in
    // Chrome, Edge and Firefox (Alt+Shift+M opens the Files app on ChromeOS).
    commands: {
      'mark-chapter-read': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandMarkChapterRead__',
      },
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'sync@kuroibara.app', strict_min_version: '128.0' } } }
      : { key: MANIFEST_KEY }),
  }),
});
