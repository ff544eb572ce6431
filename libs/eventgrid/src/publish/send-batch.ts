import { AzureKeyCredential, EventGridPublisherClient, type SendCloudEventInput } from '@azure/eventgrid';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

export type SendBatch = (events: SendCloudEventInput<unknown>[], abortSignal: AbortSignal) => Promise<void>;

export interface SendBatchOptions {
  endpoint: string;
  key?: string;
  credential?: TokenCredential;
}

/**
 * One Event Grid client per publisher, sending CloudEvents 1.0 batches. The SDK's own retries are off:
 * the publisher retries whole batches itself, so every failed attempt is counted once.
 */
export function createSendBatch({ endpoint, key, credential }: SendBatchOptions): SendBatch {
  const auth = key ? new AzureKeyCredential(key) : (credential ?? new DefaultAzureCredential());
  const client = new EventGridPublisherClient(endpoint, 'CloudEvent', auth, {
    retryOptions: { maxRetries: 0 },
    // Config admits http:// only for loopback hosts (local runs, tests).
    allowInsecureConnection: new URL(endpoint).protocol === 'http:',
  });
  return async (events, abortSignal) => {
    await client.send(events, { abortSignal });
  };
}
