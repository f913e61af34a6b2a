import { describe, expect, it } from 'vitest';
import { generatorStream, sseEvent } from '../../../../src/server/llm/sse-response.ts';
import { sseData } from '../../support/sse.ts';
import { recordingLogger } from './support.ts';

describe('generatorStream', () => {
  it('ends a stream whose generator throws with an OpenAI-shaped error event, and closes it', async () => {
    let finished = 0;
    const logger = recordingLogger();
    async function* events(): AsyncGenerator<string, void, undefined> {
      yield sseEvent({ choices: [{ delta: { content: 'Hi' } }] });
      throw new Error('the plan broke');
    }
    const stream = generatorStream(events, () => finished++, logger);
    // Reading to the end rejects if the stream was errored rather than closed.
    const text = await new Response(stream).text();
    expect(sseData(text).map((data) => JSON.parse(data))).toEqual([
      { choices: [{ delta: { content: 'Hi' } }] },
      {
        error: {
          message: 'The proxy failed while answering; the stream ends here',
          type: 'api_error',
          param: null,
          code: 'internal_error',
        },
      },
    ]);
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('the plan broke');
    expect(finished).toBe(1);
    expect(logger.lines.join('\n')).toContain('the plan broke');
  });
});
