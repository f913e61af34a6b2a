/**
 * What the site promises on every response it sends (src/server/headers/site-headers.ts),
 * spelled out here rather than imported, so a change to the policy has to change a test too.
 */

/** The isolation and security headers of every response, by lower-case name. */
export const EVERYWHERE: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
