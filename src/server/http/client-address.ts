/**
 * The client address of the request being handled, as `server.mjs` resolved it from the
 * connection and `TRUST_PROXY` (trust-proxy.ts). Astro's own `clientAddress` takes the first
 * `X-Forwarded-For` entry whenever the host is allowed, which a client can write itself, so
 * the LLM route keys its per-client limits by this address when the store holds one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** On `globalThis`: `server.mjs` and the built route are separate module graphs. */
const CLIENT_ADDRESS_STORE = Symbol.for('yieldbook.clientAddress');

/** The store holding the current request's client address (created at the first call). */
export function clientAddressStore(): AsyncLocalStorage<string> {
  const holder = globalThis as { [CLIENT_ADDRESS_STORE]?: AsyncLocalStorage<string> };
  holder[CLIENT_ADDRESS_STORE] ??= new AsyncLocalStorage<string>();
  return holder[CLIENT_ADDRESS_STORE];
}

/** The current request's resolved client address, or undefined outside `server.mjs` (`astro dev`). */
export function resolvedClientAddress(): string | undefined {
  return clientAddressStore().getStore();
}
