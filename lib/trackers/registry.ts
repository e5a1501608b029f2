/** Every tracker, by its persisted id. Adding a service: README "Adding a service"; the registry test checks it. */
import type { ServiceId } from '../model';
import { anilist } from './anilist';
import { kitsu } from './kitsu';
import { mal } from './mal';
import type { TrackerModule } from './module';

export const TRACKERS: Record<ServiceId, TrackerModule> = { anilist, mal, kitsu };
