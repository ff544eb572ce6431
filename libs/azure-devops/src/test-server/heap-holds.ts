import { getHeapSnapshot } from 'node:v8';

/**
 * Whether anything in this process still holds the secret whose characters `reversed` holds backwards
 * (a caller that keeps only the reversed form, and builds the secret when it hands it over, holds
 * nothing of it itself). Waits up to 2 s for closing sockets first: one holds its request's headers.
 */
export async function heapHolds(reversed: string): Promise<boolean> {
  for (let waited = 0; process.getActiveResourcesInfo().includes('TCPSocketWrap') && waited < 2_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).includes(Buffer.from(reversed).reverse());
}
