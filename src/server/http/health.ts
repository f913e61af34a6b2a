/**
 * `GET /api/health`, for load balancers: 200 `{"status":"ready"}` while the server takes
 * requests, 503 `{"status":"draining"}` once it is shutting down, and 503
 * `{"status":"unready"}` when a registered readiness check fails; `checks` says which.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CheckResult, runReadinessChecks } from './readiness.ts';

/** The path the health answer is served at. */
export const HEALTH_PATH = '/api/health';

/** The body of a health answer. */
export interface HealthReport {
  readonly status: 'ready' | 'draining' | 'unready';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/** The report, given whether the server is draining. */
export async function healthReport(draining: boolean): Promise<HealthReport> {
  const checks = await runReadinessChecks();
  const failed = Object.values(checks).some((check) => !check.ok);
  return { status: draining ? 'draining' : failed ? 'unready' : 'ready', checks };
}

/** Answers a request for `HEALTH_PATH` (GET or HEAD; other methods get 405). */
export async function answerHealth(
  request: IncomingMessage,
  response: ServerResponse,
  draining: boolean,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' });
    response.end();
    return;
  }
  const report = await healthReport(draining);
  const body = JSON.stringify(report);
  response.writeHead(report.status === 'ready' ? 200 : 503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  if (request.method === 'HEAD') response.end();
  else response.end(body);
}
