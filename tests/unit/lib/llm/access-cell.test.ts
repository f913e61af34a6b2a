/**
 * `yieldbook/llm` in the Node kernel against a small fake of the classroom-access contract
 * (docs/proxy.md): the token the page gives the kernel goes out as a bearer key, a new one
 * replaces it at once, and a reader without a valid token on a students-only site gets the
 * offline model with a note saying why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KernelClient } from '../../../../src/notebook/kernel-client.ts';
import { type RunningProxy, startProxyServer } from '../../../../src/server/llm/node-server.ts';
import { readCappedText } from '../../../../src/server/llm/read-capped-body.ts';
import { createClient, runCell } from '../../notebook/kernel/harness.ts';

/** A fake proxy: `/models`, `/access` and a non-streamed chat answer naming the model asked. */
async function fakeProxy(access: Record<string, unknown>) {
  const keys: string[] = [];
  const proxy = await startProxyServer(async (request) => {
    keys.push(`${new URL(request.url).pathname} ${request.headers.get('authorization')}`);
    const path = new URL(request.url).pathname;
    if (path.endsWith('/models')) {
      return Response.json({
        object: 'list',
        data: ['paid-model', 'yieldbook-offline', 'yieldbook-offline-fast'].map((id) => ({
          id,
          object: 'model',
          created: 0,
          owned_by: 'test',
        })),
      });
    }
    if (path.endsWith('/access')) return Response.json(access);
    const { text } = await readCappedText(request, Number.MAX_SAFE_INTEGER);
    const body = JSON.parse(text) as { model: string };
    return Response.json({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    });
  });
  return { proxy, keys };
}

const ASK = [
  "import { client, model, fastModel } from 'yieldbook/llm';",
  "const answer = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });",
  'console.log(model, fastModel, answer.model);',
].join('\n');

describe('yieldbook/llm and classroom access', { timeout: 30_000 }, () => {
  let proxy: RunningProxy | undefined;
  let client: KernelClient | undefined;
  afterEach(async () => {
    client?.close();
    await proxy?.close();
  });

  it('sends the token as a bearer key, and the new one after the reader signs out', async () => {
    const fake = await fakeProxy({
      access: 'students',
      student: 'ada',
      expires: '2027-01-01T00:00:00.000Z',
      reason: null,
      offline: false,
    });
    proxy = fake.proxy;
    client = createClient({ origin: proxy.origin, token: 'yb1.tok.sig' });
    await client.start();
    const run = await runCell(client, 'a', ASK);
    expect(run.error).toBeUndefined();
    expect(run.text).toBe('paid-model paid-model paid-model');
    client.setAccessToken(null);
    const again = await runCell(client, 'b', ASK.split('\n').slice(1).join('\n'));
    expect(again.text).toBe('paid-model paid-model paid-model');
    expect(fake.keys).toEqual([
      '/api/llm/v1/models Bearer yb1.tok.sig',
      '/api/llm/v1/access Bearer yb1.tok.sig',
      '/api/llm/v1/chat/completions Bearer yb1.tok.sig',
      '/api/llm/v1/chat/completions Bearer yieldbook-proxy',
    ]);
  });

  it('falls back to the offline model with a note once per kernel when there is no valid token', async () => {
    const fake = await fakeProxy({
      access: 'students',
      student: null,
      expires: null,
      reason: 'access_required',
      offline: false,
    });
    proxy = fake.proxy;
    client = createClient({ origin: proxy.origin });
    await client.start();
    const run = await runCell(client, 'a', ASK);
    expect(run.error).toBeUndefined();
    expect(run.text).toMatch(
      /^Note: This page is not signed in, .*access link.*\nyieldbook-offline yieldbook-offline-fast yieldbook-offline$/su,
    );
    const again = await runCell(client, 'b', ASK);
    expect(again.text).toBe('yieldbook-offline yieldbook-offline-fast yieldbook-offline');
  });

  it('uses the default model with no note on an open site', async () => {
    const fake = await fakeProxy({
      access: 'open',
      student: null,
      expires: null,
      reason: null,
      offline: false,
    });
    proxy = fake.proxy;
    client = createClient({ origin: proxy.origin });
    await client.start();
    const run = await runCell(client, 'a', ASK);
    expect(run.text).toBe('paid-model paid-model paid-model');
  });
});
