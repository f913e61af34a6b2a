/**
 * LLM cells in the browser: a cell reaches the site's proxy (the offline model
 * on a fresh machine) through `yieldbook/llm` and the `openai` package, streams
 * into its output, and the page never receives a key.
 */
import { expect, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cell, cells, outputText, runCell, typeCode, waitForNotebook } from './support/notebook.ts';

test('a cell asks the offline model through yieldbook/llm and streams an answer', async ({
  page,
}) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  const id = (await cells(page).first().getAttribute('data-cell-id')) ?? '';
  await typeCode(
    page,
    id,
    [
      "import { client, model, showModel, streamText } from 'yieldbook/llm';",
      'const answer = await client().chat.completions.create({',
      "  model, messages: [{ role: 'user', content: 'What is the capital of Italy?' }],",
      '});',
      'console.log(answer.choices[0].message.content);',
      'showModel(answer);',
      'const stream = await client().chat.completions.create({',
      "  model, stream: true, messages: [{ role: 'user', content: 'What is 6 * 7?' }],",
      '});',
      'const streamed = await streamText(stream);',
    ].join('\n'),
  );
  expect(await runCell(page, id)).toBe('done');
  expect(await outputText(cell(page, id))).toBe(
    'The capital of Italy is Rome.\nAnswered by yieldbook-offline\n6 * 7 = 42.',
  );
});

test('the proxy answers OpenAI-shaped errors to the page, with the isolation headers', async ({
  request,
}) => {
  const response = await request.post('/api/llm/v1/chat/completions', {
    data: { model: 'not-a-model', messages: [{ role: 'user', content: 'x' }] },
  });
  expect(response.status()).toBe(404);
  expect(response.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await response.json()).toMatchObject({ error: { code: 'model_not_found' } });
  const models = await request.get('/api/llm/v1/models');
  expect((await models.json()).data[0].id).toBe('yieldbook-offline');
});
