/**
 * The ports the access tests may start Redis on: `TEST_REDIS_PORTS` (`first-last`) when
 * set, so that runs side by side on one machine keep apart, else 4516–4519.
 */
function ports(): number[] {
  const raw = process.env.TEST_REDIS_PORTS;
  if (raw === undefined || raw === '') return [4516, 4517, 4518, 4519];
  const [first = Number.NaN, last = first] = raw.split('-').map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first) {
    throw new TypeError(
      `Expected \`TEST_REDIS_PORTS\` to be a range such as 4600-4603, got ${raw}`,
    );
  }
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

export const REDIS_PORTS = ports();
