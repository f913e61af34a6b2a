/**
 * Reports errors nobody caught: unhandled promise rejections and errors
 * thrown by callbacks the kernel did not wrap. Browsers deliver them as
 * events on the worker scope; Node workers (the `web-worker` package) only
 * on `process`, where an unhandled one would otherwise kill the thread.
 * Returns a function that stops listening.
 *
 * In Node the rejection is then passed on to the scope as an `unhandledrejection`
 * event, after the report, so that a cell's own listener hears it as in a browser
 * (where the kernel's listener, added first, also runs first).
 */
export function listenForUncaught(scope: object, report: (error: unknown) => void): () => void {
  const target = scope as Partial<EventTarget> & { process?: NodeJS.Process };
  const proc = target.process;
  if (proc && typeof proc.on === 'function' && typeof proc.off === 'function') {
    const onRejection = (reason: unknown, promise: Promise<unknown>) => {
      report(reason);
      target.dispatchEvent?.(rejectionEvent(reason, promise));
    };
    const onException = (error: unknown) => report(error);
    proc.on('unhandledRejection', onRejection);
    proc.on('uncaughtException', onException);
    return () => {
      proc.off('unhandledRejection', onRejection);
      proc.off('uncaughtException', onException);
    };
  }
  if (
    typeof target.addEventListener !== 'function' ||
    typeof target.removeEventListener !== 'function'
  ) {
    return () => {};
  }
  const onRejection = (event: Event) => {
    event.preventDefault();
    report((event as PromiseRejectionEvent).reason);
  };
  const onError = (event: Event) => {
    event.preventDefault();
    report((event as ErrorEvent).error ?? (event as ErrorEvent).message);
  };
  target.addEventListener('unhandledrejection', onRejection);
  target.addEventListener('error', onError);
  return () => {
    target.removeEventListener?.('unhandledrejection', onRejection);
    target.removeEventListener?.('error', onError);
  };
}

/** A browser's `PromiseRejectionEvent`, for a scope that only Node's `process` tells. */
function rejectionEvent(reason: unknown, promise: Promise<unknown>): Event {
  const event = new Event('unhandledrejection', { cancelable: true });
  // The `web-worker` package's scope assigns `target` to every event it dispatches, which a
  // native Event refuses in strict code: own writable properties take the assignment.
  return Object.defineProperties(event, {
    reason: { value: reason, enumerable: true },
    promise: { value: promise, enumerable: true },
    target: { value: null, writable: true },
    currentTarget: { value: null, writable: true },
  });
}
