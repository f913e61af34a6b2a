/**
 * The site's one proxy, shared by the routes that need it (`/api/llm/v1/*`, and a health
 * check asking `ready()`): built at the first call from the settings `read` gives, never
 * at import.
 */
import { configuredProxy } from './configured-proxy.ts';
import type { LlmProxy } from './proxy.ts';
import { LLM_SETTINGS, type ProxyEnv, type SettingName } from './settings.ts';

let proxy: LlmProxy | null = null;

/** The proxy, built from `read(name)` for every setting on the first call. */
export function siteProxy(read: (name: SettingName) => string | number | undefined): LlmProxy {
  if (proxy !== null) return proxy;
  const env: ProxyEnv = Object.fromEntries(LLM_SETTINGS.map(({ name }) => [name, read(name)]));
  proxy = configuredProxy(env);
  return proxy;
}
