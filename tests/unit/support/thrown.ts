/**
 * The error a call is expected to throw, typed, for assertions on its fields: any other
 * error is thrown on, and a call that returns fails the test with `refusal`.
 */
export function thrownBy<T extends Error>(
  type: abstract new (...args: never[]) => T,
  run: () => unknown,
  refusal: string,
): T {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(refusal);
}
