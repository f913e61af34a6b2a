import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelClient } from '../../../../src/notebook/kernel-client.ts';
import { parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { type RunningProxy, startProxyServer } from '../../../../src/server/llm/node-server.ts';
import { createLlmProxy } from '../../../../src/server/llm/proxy.ts';
import { createClient, runCell } from '../../notebook/kernel/harness.ts';

describe('LLM cells in the Node kernel, through the real proxy', { timeout: 30_000 }, () => {
  let proxy: RunningProxy;
  let client: KernelClient;

  beforeAll(async () => {
    proxy = await startProxyServer(
      createLlmProxy({ config: parseProxyConfig({}), offlineDelayScale: 0 }),
    );
    client = createClient({ origin: proxy.origin });
    await client.start();
  });

  afterAll(async () => {
    client.close();
    await proxy.close();
  });

  it('answers a capital question with yieldbook/llm', async () => {
    const run = await runCell(
      client,
      'ask',
      [
        "import { client, fastModel, model } from 'yieldbook/llm';",
        'const answer = await client().chat.completions.create({',
        "  model, messages: [{ role: 'user', content: 'What is the capital of France?' }],",
        '});',
        'console.log(model, fastModel);',
        'console.log(answer.choices[0].message.content);',
      ].join('\n'),
      { timeoutMs: 20_000 },
    );
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('done');
    expect(run.text).toBe(
      'yieldbook-offline yieldbook-offline-fast\nThe capital of France is Paris.',
    );
  });

  it('streams with the openai package imported directly, and names the model that answered', async () => {
    const run = await runCell(
      client,
      'stream',
      [
        "import OpenAI from 'openai';",
        "import { proxyUrl, showModel, model } from 'yieldbook/llm';",
        "const openai = new OpenAI({ baseURL: proxyUrl(), apiKey: 'unused', dangerouslyAllowBrowser: true });",
        'const stream = await openai.chat.completions.create({',
        "  model, stream: true, messages: [{ role: 'user', content: 'What is the capital of Japan?' }],",
        '});',
        'let text = "";',
        'let last;',
        'for await (const chunk of stream) { text += chunk.choices[0]?.delta?.content ?? ""; last = chunk; }',
        'console.log(text);',
        'showModel(last);',
      ].join('\n'),
      { timeoutMs: 20_000 },
    );
    expect(run.error).toBeUndefined();
    expect(run.text).toBe('The capital of Japan is Tokyo.\nAnswered by yieldbook-offline');
  });
});
