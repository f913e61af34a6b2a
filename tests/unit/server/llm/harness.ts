import OpenAI from 'openai';
import { type ProxyEnv, parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { type RunningProxy, startProxyServer } from '../../../../src/server/llm/node-server.ts';
import {
  createLlmProxy,
  type LlmProxy,
  type LlmProxyOptions,
} from '../../../../src/server/llm/proxy.ts';
import { FakeClock, recordingLogger } from './support.ts';

/** A proxy on a free loopback port with a fake clock and a recording logger. */
export interface ProxyUnderTest {
  proxy: RunningProxy;
  /** The handler it serves (its `close()` closes the upstream connections). */
  handler: LlmProxy;
  clock: FakeClock;
  logger: ReturnType<typeof recordingLogger>;
  /** `<origin>/api/llm/v1` */
  baseURL: string;
  sdk(options?: ConstructorParameters<typeof OpenAI>[0]): OpenAI;
  close(): Promise<void>;
}

export async function startProxy(
  env: ProxyEnv = {},
  options: Partial<Omit<LlmProxyOptions, 'config'>> = {},
): Promise<ProxyUnderTest> {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const handler = createLlmProxy({ config: parseProxyConfig(env), clock, logger, ...options });
  const proxy = await startProxyServer(handler);
  const baseURL = `${proxy.origin}/api/llm/v1`;
  return {
    proxy,
    handler,
    clock,
    logger,
    baseURL,
    sdk: (sdkOptions = {}) =>
      new OpenAI({ baseURL, apiKey: 'client-supplied-key', maxRetries: 0, ...sdkOptions }),
    close: () => proxy.close(),
  };
}

/**
 * Waits until `condition` holds, checking between event-loop turns. Requests cross real
 * loopback sockets, so this polls instead of counting turns; the test's timeout bounds it.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}
