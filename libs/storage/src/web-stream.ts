import type { Readable } from 'node:stream';

/**
 * A Node stream as a web stream that reads one piece only when asked (high-water mark 0), so the
 * object store's put pulls an upload at the pace it publishes chunks instead of buffering the file.
 * (`Readable.toWeb` queues ahead of the reader.) Cancelling it destroys the Node stream.
 */
export function pullingWebStream(content: Readable): ReadableStream<Uint8Array> {
  const pieces = content[Symbol.asyncIterator]() as AsyncIterator<Buffer | string, undefined>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? Buffer.from(value) : value);
      },
      async cancel() {
        await pieces.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
