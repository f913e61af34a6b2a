import type { WorkerLike } from './kernel-client.ts';
import {
  type CellDiagnostic,
  isLanguageEvent,
  LANGUAGE_PROTOCOL_VERSION,
  type LanguageAnswers,
  type LanguageCell,
  type LanguageEvent,
  type LanguageQuery,
  type LanguageRequest,
} from './language/protocol.ts';

/** Options of `LanguageClient`. */
export interface LanguageClientOptions {
  createWorker(): WorkerLike;
  /** Every cell of the page, in order, with the text the reader sees now. */
  cells: readonly LanguageCell[];
  /** Where the type bundle is served (`typeBundleUrl` of `virtual:yieldbook/type-bundle`). */
  typeBundleUrl: string;
}

/** Diagnostics of every cell, keyed by cell id; a cell without any has none or an empty list. */
export type PageDiagnostics = Readonly<Record<string, readonly CellDiagnostic[]>>;

interface Pending {
  resolve(answer: LanguageAnswers[LanguageQuery['kind']]): void;
  reject(error: Error): void;
}

/**
 * The page's handle on the language worker: keeps it told of every cell's
 * text, hands out the diagnostics it sends (only those that match the texts
 * the page has now), and asks it for completions, quick info and signature
 * help. Queries never block typing: a query answered after the text moved on
 * is simply stale, and the editor asks again.
 */
export class LanguageClient {
  readonly #worker: WorkerLike;
  /** Count of text messages sent; diagnostics carry the count they were made with. */
  #version = 0;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(diagnostics: PageDiagnostics) => void>();
  #latest: PageDiagnostics = {};
  #failure: string | null = null;
  readonly #failureListeners = new Set<(message: string) => void>();

  constructor(options: LanguageClientOptions) {
    if (typeof options?.createWorker !== 'function') {
      throw new TypeError(
        `Expected \`createWorker\` to be a function, got ${typeof options?.createWorker}`,
      );
    }
    this.#worker = options.createWorker();
    this.#worker.addEventListener('message', (event) => {
      if (isLanguageEvent(event.data)) this.#onEvent(event.data);
    });
    this.#worker.addEventListener('error', (event: Partial<ErrorEvent>) => {
      this.#fail(
        `The language service failed: ${event.message || 'its script could not be loaded'}`,
      );
    });
    this.#post({ type: 'init', typeBundleUrl: options.typeBundleUrl });
    this.#send({ type: 'cells', cells: options.cells.map(({ id, code }) => ({ id, code })) });
  }

  /** The newest diagnostics of each cell checked so far with the texts sent. */
  get diagnostics(): PageDiagnostics {
    return this.#latest;
  }

  /** Why the service stopped, or null while it works. */
  get failure(): string | null {
    return this.#failure;
  }

  /**
   * Calls `listener` with the diagnostics of the cells just checked (current
   * ones only; cells left out are unchanged); returns an unsubscribe function.
   */
  onDiagnostics(listener: (diagnostics: PageDiagnostics) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` once if the service fails; returns an unsubscribe function. */
  onFailure(listener: (message: string) => void): () => void {
    this.#failureListeners.add(listener);
    return () => this.#failureListeners.delete(listener);
  }

  /** Tells the worker a cell's text changed; new diagnostics follow. */
  edit(cellId: string, code: string): void {
    this.#send({ type: 'edit', cellId, code });
  }

  /**
   * Asks the worker about a position in a cell.
   * @returns the answer, or null when the service has failed or `signal` aborted.
   */
  query<K extends LanguageQuery['kind']>(
    query: Extract<LanguageQuery, { kind: K }>,
    signal?: AbortSignal,
  ): Promise<LanguageAnswers[K] | null> {
    if (this.#failure !== null || signal?.aborted === true) return Promise.resolve(null);
    const id = ++this.#nextId;
    return new Promise<LanguageAnswers[K] | null>((resolve) => {
      const settle = (answer: LanguageAnswers[K] | null) => {
        this.#pending.delete(id);
        signal?.removeEventListener('abort', aborted);
        resolve(answer);
      };
      const aborted = () => settle(null);
      signal?.addEventListener('abort', aborted, { once: true });
      this.#pending.set(id, {
        resolve: (answer) => settle(answer as LanguageAnswers[K]),
        reject: () => settle(null),
      });
      this.#post({ type: 'query', id, query });
    });
  }

  /** Stops the worker; pending queries resolve with null. */
  close(): void {
    this.#fail('The language service was closed');
    this.#worker.terminate();
  }

  #send(message: Extract<LanguageRequest, { type: 'cells' | 'edit' }>): void {
    this.#version += 1;
    this.#post(message);
  }

  #post(message: LanguageRequest): void {
    if (this.#failure === null) this.#worker.postMessage(message);
  }

  #onEvent(event: LanguageEvent): void {
    switch (event.type) {
      case 'ready':
        if (event.protocol !== LANGUAGE_PROTOCOL_VERSION) {
          this.#fail(
            `Expected language protocol ${LANGUAGE_PROTOCOL_VERSION}, got ${event.protocol}: reload the page`,
          );
        }
        return;
      case 'diagnostics':
        // Older texts than the page has now: their offsets would land in the wrong places.
        if (event.version !== this.#version) return;
        this.#latest = { ...this.#latest, ...event.cells };
        for (const listener of this.#listeners) listener(event.cells);
        return;
      case 'reply':
        this.#pending.get(event.id)?.resolve(event.answer);
        return;
      case 'failed':
        if (event.id === undefined) this.#fail(event.message);
        else this.#pending.get(event.id)?.resolve(null);
        return;
    }
  }

  #fail(message: string): void {
    if (this.#failure !== null) return;
    this.#failure = message;
    for (const pending of [...this.#pending.values()]) pending.reject(new Error(message));
    for (const listener of this.#failureListeners) listener(message);
  }
}
