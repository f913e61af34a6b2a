/**
 * The language worker: TypeScript's language service over the page program
 * (src/typecheck), spoken to only through ./protocol.ts. The page starts it on
 * the reader's first edit; it loads the compiler and fetches the type bundle,
 * reading the page's messages meanwhile, then answers them in order.
 */
import ts from 'typescript';
import { fetchTypeBundle } from '../../typecheck/fetch-type-bundle.ts';
import { createPageChecker } from '../../typecheck/page-checker.ts';
import { pageProgram } from './page-program.ts';
import { LANGUAGE_PROTOCOL_VERSION, type LanguageEvent, type LanguageRequest } from './protocol.ts';
import { LanguageCore } from './service.ts';

const scope = self as unknown as {
  postMessage(message: LanguageEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<LanguageRequest>) => void): void;
};

const early: LanguageRequest[] = [];
let core: LanguageCore | null = null;
let checkQueued = false;

/**
 * Checks one out-of-date cell per task, so messages that arrived meanwhile
 * (the next key, a query) are read between cells.
 */
function queueCheck(): void {
  if (checkQueued || core === null || !core.dirty) return;
  checkQueued = true;
  setTimeout(() => {
    checkQueued = false;
    const event = core?.checkNext() ?? null;
    if (event !== null) scope.postMessage(event);
    queueCheck();
  }, 0);
}

function read(request: LanguageRequest): void {
  if (request.type === 'init') {
    start(request.typeBundleUrl).catch((error: unknown) => {
      scope.postMessage({
        type: 'failed',
        message: `The language service could not start: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
    return;
  }
  if (core === null) {
    early.push(request);
    return;
  }
  const answer = core.handle(request);
  if (answer !== null) scope.postMessage(answer);
  queueCheck();
}

scope.addEventListener('message', (event) => read(event.data));

async function start(typeBundleUrl: string): Promise<void> {
  const bundle = await fetchTypeBundle(new URL(typeBundleUrl, self.location.href));
  core = new LanguageCore(ts, pageProgram(createPageChecker(ts, bundle)));
  scope.postMessage({ type: 'ready', protocol: LANGUAGE_PROTOCOL_VERSION });
  for (const request of early.splice(0)) read(request);
}
