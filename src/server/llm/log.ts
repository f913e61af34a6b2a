/**
 * The proxy's loggers: pino (one JSON object per line on stdout) by default, a wrapper
 * that redacts every string field, and one that tags every line with a request id.
 */
import { type DestinationStream, pino } from 'pino';
import type { Redactor } from './redaction.ts';
import { redactFields } from './redaction.ts';
import type { Logger } from './types.ts';

/**
 * A `Logger` writing JSON lines through pino to `destination` (stdout by default). Field
 * names that may hold a credential are censored by pino's `redact` as well, whatever
 * their value.
 */
export function pinoLogger(destination?: DestinationStream): Logger {
  const options = {
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: ['authorization', 'apiKey', 'key', '*.authorization', '*.apiKey', 'headers.*'],
      censor: '[redacted]',
    },
  };
  const base = destination === undefined ? pino(options) : pino(options, destination);
  return {
    info: (message, fields) => base.info(fields ?? {}, message),
    warn: (message, fields) => base.warn(fields ?? {}, message),
    error: (message, fields) => base.error(fields ?? {}, message),
  };
}

/** `logger` with every string of every line passed through `redact` first. */
export function redactingLogger(logger: Logger, redact: Redactor): Logger {
  const clean = (message: string, fields?: Record<string, unknown>) =>
    [redact(message), fields === undefined ? undefined : redactFields(fields, redact)] as const;
  return {
    info: (message, fields) => logger.info(...clean(message, fields)),
    warn: (message, fields) => logger.warn(...clean(message, fields)),
    error: (message, fields) => logger.error(...clean(message, fields)),
  };
}

/** `logger` with `extra` (e.g. the request id) added to every line. */
export function withFields(logger: Logger, extra: Record<string, unknown>): Logger {
  return {
    info: (message, fields) => logger.info(message, { ...extra, ...fields }),
    warn: (message, fields) => logger.warn(message, { ...extra, ...fields }),
    error: (message, fields) => logger.error(message, { ...extra, ...fields }),
  };
}
