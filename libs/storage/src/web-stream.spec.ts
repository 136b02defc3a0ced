import { Readable } from 'node:stream';
import { pullingWebStream } from './web-stream.js';

describe('pullingWebStream', () => {
  const counted = (pieces: number) => {
    const pulled = { count: 0 };
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < pieces; i += 1) {
          pulled.count += 1;
          yield Buffer.alloc(64 * 1024, i);
        }
      })(),
      { highWaterMark: 1 },
    );
    return { pulled, stream };
  };

  it('takes a piece from the Node stream only when the reader asks for one', async () => {
    const { pulled, stream } = counted(50);
    const reader = pullingWebStream(stream).getReader();
    const first = await reader.read();
    expect(first.value?.[0]).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled.count).toBeLessThan(5); // not the 50 pieces of a 3 MB file
    let total = first.value!.length;
    for (let next = await reader.read(); !next.done; next = await reader.read()) total += next.value.length;
    expect(total).toBe(50 * 64 * 1024);
  });

  it('destroys the Node stream when the reader cancels', async () => {
    const { stream } = counted(50);
    const reader = pullingWebStream(stream).getReader();
    await reader.read();
    await reader.cancel();
    expect(stream.destroyed).toBe(true);
  });
});
