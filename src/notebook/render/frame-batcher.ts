/** Runs a callback later, once; the DOM writes of a frame are batched through it. */
export type Schedule = (callback: () => void) => void;

/**
 * Schedules on the next animation frame, so a flood of output becomes one DOM
 * write per frame. Hidden tabs do not paint, so a timer stands in there
 * (otherwise output would pile up until the tab is shown again).
 */
export const nextFrame: Schedule = (callback) => {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden') {
    requestAnimationFrame(() => callback());
  } else {
    setTimeout(callback, 16);
  }
};
