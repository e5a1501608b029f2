/** Limits of the backup file, shared by the options page (no zod there) and the background. */

/** The largest backup file read, in characters (20 MiB): far beyond any real library, small enough for a message. */
export const MAX_BACKUP_CHARS = 20 * 1024 * 1024;

/** At most this many rejected records are listed in a reply; the count says how many there were. */
export const MAX_REJECTED_LISTED = 200;
