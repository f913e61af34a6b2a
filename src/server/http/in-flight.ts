/**
 * Requests to the LLM proxy in flight, per client, and the response header that reports
 * them. A browser on HTTP/1.1 sends at most six requests at once to one server, whatever
 * the page asks; lesson 4 reads this header to show how many of its requests the server
 * really had at once.
 */
import { clientKey } from '../llm/client-key.ts';

/**
 * Response header: how many requests of this client (including this one) the server had in
 * flight when the request arrived.
 */
export const IN_FLIGHT_HEADER = 'Yieldbook-In-Flight';

/** Whether a request path goes to the LLM proxy. */
export function isLlmPath(pathname: string): boolean {
  return pathname.startsWith('/api/llm/');
}

/** Counts requests in flight per client key (client-key.ts). */
export class InFlightCounter {
  readonly #counts = new Map<string, number>();

  /** Counts a request of `address` in; returns the count with it and the function that counts it out (once). */
  enter(address: string): { count: number; leave: () => void } {
    const key = clientKey(address);
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      const rest = (this.#counts.get(key) ?? 1) - 1;
      if (rest === 0) this.#counts.delete(key);
      else this.#counts.set(key, rest);
    };
    return { count, leave };
  }

  /** Requests of `address`'s client in flight now. */
  count(address: string): number {
    return this.#counts.get(clientKey(address)) ?? 0;
  }
}
