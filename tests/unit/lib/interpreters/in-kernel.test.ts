import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KernelClient } from '../../../../src/notebook/kernel-client.ts';
import { createClient, runCell } from '../../notebook/kernel/harness.ts';

let client: KernelClient;

beforeEach(async () => {
  client = createClient();
  await client.start();
});

afterEach(() => {
  client.close();
});

describe('yieldbook/interpreters inside the kernel worker', () => {
  it('starts isolates from a cell; their output lands in the cell', async () => {
    const run = await runCell(
      client,
      'isolates',
      [
        "import { create, createChannel, destroy, runString } from 'yieldbook/interpreters';",
        'const id = create();',
        'const channel = createChannel();',
        'await runString(id, "console.log(\'input:\' + input);\\nchannel.send(input ** 2);", { input: 2, channel });',
        'console.log(await channel.recv());',
        'destroy(id);',
      ].join('\n'),
    );
    expect(run.status).toBe('done');
    expect(run.text).toBe('input:2\n4');
  });

  it('shows an error raised inside an isolate with its name, message and line', async () => {
    const run = await runCell(
      client,
      'fails',
      [
        "import { create, runString } from 'yieldbook/interpreters';",
        'await runString(create(), \'const ok = 1;\\ndocument.title = "x";\');',
      ].join('\n'),
    );
    expect(run.status).toBe('error');
    expect(run.text).toBe('RunFailedError: ReferenceError: document is not defined (line 2)');
  });
});
