import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyClosedError, nodeBody, nodeHeaders } from '../../../../src/server/llm/node-body.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array | undefined) => new TextDecoder().decode(chunk);

describe('nodeBody', () => {
  it('reads the chunks in order as they are written, then reports the end', async () => {
    const stream = new PassThrough();
    const reader = nodeBody(stream).getReader();
    const first = reader.read();
    stream.write(bytes('ab'));
    expect(text((await first).value)).toBe('ab');
    stream.end(bytes('cd'));
    expect(text((await reader.read()).value)).toBe('cd');
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('fails a read when the stream closes before its end, or with the stream’s error', async () => {
    const closed = new PassThrough();
    const pending = nodeBody(closed).getReader().read();
    closed.destroy();
    await expect(pending).rejects.toBeInstanceOf(BodyClosedError);

    const failed = new PassThrough();
    const reader = nodeBody(failed).getReader();
    failed.destroy(new Error('connection reset'));
    await expect(reader.read()).rejects.toThrow('connection reset');
  });

  it('destroys an upstream answer when cancelled', async () => {
    const stream = new PassThrough();
    const body = nodeBody(stream);
    const reader = body.getReader();
    stream.write(bytes('x'));
    await reader.read();
    await reader.cancel();
    expect(stream.destroyed).toBe(true);
    await expect(reader.read()).rejects.toBeInstanceOf(BodyClosedError);
  });

  it('reads and drops the rest of a client’s body when cancelled in discard mode', async () => {
    const stream = new PassThrough();
    const reader = nodeBody(stream, 'discard').getReader();
    stream.write(bytes('x'));
    await reader.read();
    await reader.cancel();
    expect(stream.destroyed).toBe(false);
    const ended = new Promise<void>((resolve) => stream.once('end', resolve));
    stream.end(bytes('the rest, unread'));
    await ended;
    expect(stream.readableEnded).toBe(true);
  });

  it('gives one reader only', () => {
    const body = nodeBody(new PassThrough());
    body.getReader();
    expect(() => body.getReader()).toThrow('Expected a body read once, got a second reader');
  });
});

describe('nodeHeaders', () => {
  it('reads a header by any case, joins repeated ones, and answers null for a missing one', () => {
    const headers = nodeHeaders({ 'content-type': 'application/json', 'x-many': ['a', 'b'] });
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('x-many')).toBe('a, b');
    expect(headers.get('retry-after')).toBeNull();
  });
});
