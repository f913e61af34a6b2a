import { afterEach, describe, expect, it } from 'vitest';
import { ChannelBuffer } from '../../../../src/lib/interpreters/channel-buffer.ts';
import {
  BlockingChannel,
  ChannelClosedError,
  create,
  createChannel,
  destroy,
  listAll,
  NotShareableError,
  runString,
} from '../../../../src/lib/interpreters/index.ts';

afterEach(() => {
  for (const id of listAll()) destroy(id);
});

const quiet = () => create({ output: () => {} });

describe('channels between an isolate and its creator', () => {
  it('send inside, recv outside: inputs 2 and 3 give 4 and 9', async () => {
    const printed: unknown[][] = [];
    const id = create({ output: (_, args) => printed.push(args) });
    const channel = createChannel();
    const code = "console.log('input:' + input);\nchannel.send(input ** 2);";
    await runString(id, code, { input: 2, channel });
    await runString(id, code, { input: 3, channel });
    expect(channel.size).toBe(2);
    expect([await channel.recv(), await channel.recv()]).toEqual([4, 9]);
    expect(printed).toEqual([['input:2'], ['input:3']]);
  });

  it('send outside, blocking recv inside', async () => {
    const id = quiet();
    const inbox = createChannel();
    const outbox = createChannel();
    const running = runString(
      id,
      'outbox.send("waiting");\nconst n = inbox.recv();\noutbox.send(n * 10);',
      { inbox, outbox },
    );
    expect(await outbox.recv()).toBe('waiting');
    inbox.send(5);
    expect(await outbox.recv()).toBe(50);
    await running;
  });

  it('carries several senders into one channel, every message exactly once', async () => {
    const ids = [quiet(), quiet(), quiet()];
    const results = createChannel({ capacity: 256 });
    const code = 'for (let i = 0; i < 200; i++) results.send([who, i]);';
    const runs = ids.map((id, who) => runString(id, code, { who, results }));
    const seen: number[] = [0, 0, 0];
    for (let k = 0; k < 600; k++) {
      const [who, i] = (await results.recv()) as [number, number];
      expect(i).toBe(seen[who]);
      seen[who] = i + 1;
    }
    await Promise.all(runs);
    expect(seen).toEqual([200, 200, 200]);
  });

  it('refuses what cannot be sent', () => {
    const channel = createChannel();
    expect(() => channel.send(() => 1)).toThrow(NotShareableError);
    expect(() => channel.send({ memory: new SharedArrayBuffer(8) })).toThrow(
      /value\.memory.*SharedArrayBuffer is not sent over a channel; pass it to runString/,
    );
    expect(channel.size).toBe(0);
  });

  it('a closed channel refuses sends and ends receives once empty', async () => {
    const channel = createChannel();
    channel.send('last');
    channel.close();
    expect(() => channel.send('more')).toThrow(ChannelClosedError);
    expect(await channel.recv()).toBe('last');
    await expect(channel.recv()).rejects.toThrow(`Channel ${channel.id} is closed and empty`);
  });

  it('a waiting recv wakes when the channel closes, and stops on abort', async () => {
    const id = quiet();
    const channel = createChannel();
    const waiting = expect(channel.recv()).rejects.toThrow(ChannelClosedError);
    await runString(id, 'channel.close();', { channel });
    await waiting;
    const other = createChannel();
    const controller = new AbortController();
    const aborted = other.recv({ signal: controller.signal });
    controller.abort(new Error('stop waiting'));
    await expect(aborted).rejects.toThrow('stop waiting');
  });

  it('outside, a full channel throws; inside, send waits for room', async () => {
    const small = createChannel({ capacity: 64 });
    small.send('x'.repeat(40));
    expect(() => small.send('y'.repeat(40))).toThrow(/is full \(64 bytes\)/);
    expect(() => small.send('z'.repeat(100))).toThrow(/at most 60 bytes/);
    const id = quiet();
    const running = runString(id, 'small.send("y".repeat(40));', { small });
    expect(await small.recv()).toBe('x'.repeat(40));
    await running;
    expect(await small.recv()).toBe('y'.repeat(40));
  });

  it('round-trips every value kind through the bytes of a channel', async () => {
    const channel = createChannel();
    const values = [
      undefined,
      null,
      true,
      false,
      -0,
      Number.NaN,
      1.5,
      2n ** 70n,
      'héllo ✓',
      [1, [2, 'three']],
      { a: { b: [null] }, ['__proto__']: 1 },
      new Float64Array([1.25, -2]),
      new Uint8Array([255, 0]).buffer,
    ];
    for (const value of values) channel.send(value);
    for (const value of values) expect(await channel.recv()).toEqual(value);
  });

  it('a blocking recv inside gives up after its timeout', async () => {
    const id = quiet();
    const channel = createChannel();
    await expect(runString(id, 'channel.recv({ timeoutMs: 1 });', { channel })).rejects.toThrow(
      /TimeoutError: No message on channel \d+ within the timeout/,
    );
  });

  it('both ends use the same memory', () => {
    const channel = createChannel();
    const inside = new BlockingChannel(new ChannelBuffer(channel.pack().buffer));
    inside.send({ from: 'inside' });
    expect(inside.id).toBe(channel.id);
    expect(channel.size).toBe(1);
  });
});
