import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../../../scripts/support/raw-http.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) =>
    server === undefined ? resolve() : server.close(() => resolve()),
  );
  server = undefined;
});

/** A server that answers each POST with what it received, in two writes. */
async function echo(): Promise<{ port: number; received: IncomingHttpHeaders[] }> {
  const received: IncomingHttpHeaders[] = [];
  server = createServer((request, response) => {
    received.push(request.headers);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (part: string) => {
      body += part;
    });
    request.on('end', () => {
      response.writeHead(201, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.write(`${request.method} ${request.url} `);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received };
}

describe('postJson', () => {
  it('sends the body in one piece with its length and reads the whole answer', async () => {
    const { port, received } = await echo();
    const payload = JSON.stringify({ city: 'Zürich' });
    const answer = await postJson(port, '/v1/chat', payload, {
      headers: { Authorization: 'Bearer k' },
    });
    expect(answer).toEqual({ status: 201, text: `POST /v1/chat ${payload}` });
    expect(received[0]).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      authorization: 'Bearer k',
    });
    expect(received[0]?.['transfer-encoding']).toBeUndefined();
  });

  it('rejects when the answer breaks off', async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('{"par', () => response.socket?.destroy());
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(postJson(port, '/', '{}')).rejects.toThrow('aborted');
  });
});
