/**
 * The error a failed check throws. Its message starts with `✗` and the check's
 * description, then says what was expected and what came instead.
 */
export class CheckError extends Error {
  override name = 'CheckError';
}
