/**
 * Reports errors nobody caught: unhandled promise rejections and errors
 * thrown by callbacks the kernel did not wrap. Browsers deliver them as
 * events on the worker scope; Node workers (the `web-worker` package) only
 * on `process`, where an unhandled one would otherwise kill the thread.
 * Returns a function that stops listening.
 */
export function listenForUncaught(scope: object, report: (error: unknown) => void): () => void {
  const target = scope as Partial<EventTarget> & { process?: NodeJS.Process };
  const proc = target.process;
  if (proc && typeof proc.on === 'function' && typeof proc.off === 'function') {
    const onRejection = (reason: unknown) => report(reason);
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
