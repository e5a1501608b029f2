/** One thing that needs the user's hand, as the badge and notifications show it (see problems.ts). */
import type { ServiceId } from '../../model';

export interface Problem {
  /** The same for as long as the problem lasts: `failed:<outbox item id>` or `reconnect:<service>`. */
  key: string;
  kind: 'failed' | 'reconnect';
  service: ServiceId;
  /** The series whose update failed; null for a reconnect. */
  title: string | null;
}
