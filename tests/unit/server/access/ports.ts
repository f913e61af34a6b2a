/** The ports the access tests may start Redis on. */
export const REDIS_PORTS = [4516, 4517, 4518, 4519];
