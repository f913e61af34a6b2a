import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFetchResponse } from '../../../../src/server/llm/node-server.ts';
import { closeServer } from './support.ts';

let server: Server | null = null;

afterEach(async () => {
  const closing = server;
  server = null;
  await closeServer(closing);
});

describe('writing a fetch Response to a Node response', { timeout: 30_000 }, () => {
  it('waits for drain without piling up listeners on a slow client', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x61);
    const total = 64;
    let target: ServerResponse | null = null;
    let sent = 0;
    let mostListeners = 0;
    server = createServer((_request, response) => {
      target = response;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            mostListeners = Math.max(
              mostListeners,
              response.listenerCount('close'),
              response.listenerCount('drain'),
            );
            if (sent === total) controller.close();
            else {
              sent++;
              controller.enqueue(chunk);
            }
          },
        },
        { highWaterMark: 0 },
      );
      void writeFetchResponse(new Response(body), response);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<number>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port }, (incoming) => {
        let bytes = 0;
        // Reads slowly, so the server waits for drain many times.
        incoming.on('data', (part: Buffer) => {
          bytes += part.length;
          incoming.pause();
          setImmediate(() => incoming.resume());
        });
        incoming.on('end', () => resolve(bytes));
      })
        .on('error', reject)
        .end();
    });
    expect(received).toBe(total * chunk.length);
    expect(target).not.toBeNull();
    expect(mostListeners).toBeLessThanOrEqual(3);
  });

  it('cancels the body when the response is destroyed between two chunks', async () => {
    // Cancelling the body is what finishes a relayed request (its slot, its lease): a
    // response destroyed before its 'close' event must not leave the body unread forever.
    let cancelled = false;
    let closed: Promise<void> = Promise.resolve();
    server = createServer((_request, response) => {
      closed = new Promise((resolve) => response.once('close', () => resolve()));
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls++;
            if (pulls === 2) response.destroy();
            controller.enqueue(new TextEncoder().encode(`data: ${pulls}\n\n`));
          },
          cancel() {
            cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      void writeFetchResponse(new Response(body), response);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      httpRequest({ host: '127.0.0.1', port }, (incoming) => {
        incoming.resume();
        incoming.on('close', () => resolve());
      })
        .on('error', () => resolve())
        .end();
    });
    await closed;
    for (let turn = 0; turn < 10 && !cancelled; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(cancelled).toBe(true);
  });
});
