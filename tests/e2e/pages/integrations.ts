/** Page object for Options → Integrations, driven by role and accessible name (DESIGN.md test contract). */
import { expect, type Locator, type Page } from '@playwright/test';
import type { FakeInternet } from '../../fakes';

export type ServiceName = 'AniList' | 'MyAnimeList' | 'Kitsu';

export class IntegrationsPage {
  constructor(readonly page: Page) {}

  card(name: ServiceName): Locator {
    return this.page.getByRole('region', { name });
  }

  /** Types a client id into the service's settings and saves it, as a user registering their own app would. */
  async setClientId(name: ServiceName, clientId: string): Promise<void> {
    const card = this.card(name);
    await card.getByText(`${name} settings`, { exact: true }).click();
    await card.getByLabel(`${name} client ID`).fill(clientId);
    await card.getByRole('button', { name: `Save ${name} settings` }).click();
    await expect(card.getByText(`${name} settings saved.`)).toBeVisible();
  }

  async connect(name: Exclude<ServiceName, 'Kitsu'>): Promise<void> {
    await this.card(name).getByRole('button', { name: `Connect ${name}` }).click();
  }

  async connectKitsu(username: string, password: string): Promise<void> {
    const card = this.card('Kitsu');
    await card.getByLabel('Kitsu email or username').fill(username);
    await card.getByLabel('Kitsu password').fill(password);
    await card.getByRole('button', { name: 'Connect Kitsu' }).click();
  }

  async expectConnected(name: ServiceName, userName: string): Promise<void> {
    await expect(this.card(name)).toContainText(`Connected as ${userName}`);
  }
}

/**
 * Connects the three services the way a user does, with the accounts the E2E seeds use: AniList client 4242
 * (user Ayaka), MyAnimeList client e2e-mal (Hinata), Kitsu mikan@example.test / pw-mikan (Mikan).
 */
export async function connectAllThroughOptions(page: Page): Promise<IntegrationsPage> {
  const integrations = new IntegrationsPage(page);
  await integrations.setClientId('AniList', '4242');
  await integrations.connect('AniList');
  await integrations.expectConnected('AniList', 'Ayaka');
  await integrations.setClientId('MyAnimeList', 'e2e-mal');
  await integrations.connect('MyAnimeList');
  await integrations.expectConnected('MyAnimeList', 'Hinata');
  await integrations.connectKitsu('mikan@example.test', 'pw-mikan');
  await integrations.expectConnected('Kitsu', 'Mikan');
  return integrations;
}

/** The three accounts `connectAllThroughOptions` signs in to, with empty lists. */
export function seedEmptyAccounts(fake: FakeInternet, extensionId: string): void {
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({ users: [{ id: 5001, name: 'Ayaka' }], clients: [{ id: '4242', redirectUri }], authorize: { user: 'Ayaka', action: 'approve' } });
  fake.services.mal!.seed({ clients: [{ id: 'e2e-mal', redirectUri }], users: [{ id: 6001, name: 'Hinata' }], authorize: { user: 'Hinata', action: 'approve' } });
  fake.services.kitsu!.seed({ users: [{ id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'pw-mikan' }] });
}

const T = Math.floor(Date.now() / 1000) - 86_400;
const iso = (s: number) => new Date(s * 1000).toISOString();

/** Frieren and Berserk on AniList, Frieren and Monster on MyAnimeList, Berserk on Kitsu: lists that overlap. */
export function seedOverlappingAccounts(fake: FakeInternet, extensionId: string): void {
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({
    users: [{
      id: 5001, name: 'Ayaka', scoreFormat: 'POINT_10_DECIMAL',
      list: [
        { mediaId: 118586, status: 'CURRENT', progress: 110, scoreRaw: 90, updatedAt: T + 500 },
        { mediaId: 30002, status: 'CURRENT', progress: 350, scoreRaw: 95, updatedAt: T + 300 },
      ],
    }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({
    clients: [{ id: 'e2e-mal', redirectUri }],
    users: [{
      id: 6001, name: 'Hinata',
      list: [
        { mangaId: 126287, status: 'reading', num_chapters_read: 100, score: 9, updated_at: iso(T + 100) },
        { mangaId: 1, status: 'plan_to_read', updated_at: iso(T + 50) },
      ],
    }],
    authorize: { user: 'Hinata', action: 'approve' },
  });
  fake.services.kitsu!.seed({
    users: [{
      id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'pw-mikan', ratingSystem: 'advanced',
      list: [{ mangaId: '24', status: 'current', progress: 340, ratingTwenty: 19, updatedAt: iso(T + 200) }],
    }],
  });
}
