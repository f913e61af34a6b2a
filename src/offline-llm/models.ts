/** The ids of the offline models and how their paces differ. */

/** Model id of the built-in offline model, served when no upstream is configured. */
export const OFFLINE_MODEL_ID = 'yieldbook-offline';

/**
 * The same offline model at a twentieth of the delays, listed second. A browser opens at most
 * six connections to one server over HTTP/1.1, so a page's run of thousands of requests goes
 * six at a time; this variant keeps such a run to seconds.
 */
export const OFFLINE_FAST_MODEL_ID = 'yieldbook-offline-fast';

/** How much of the offline model's delays the fast variant keeps. */
export const OFFLINE_FAST_FACTOR = 0.05;
