import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';

/** Senders are costly links: one per topic, created on first use and kept until the bus closes. */
export class SenderCache {
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(private readonly client: ServiceBusClient) {}

  get(topic: string): ServiceBusSender {
    let sender = this.senders.get(topic);
    if (!sender) {
      sender = this.client.createSender(topic);
      this.senders.set(topic, sender);
    }
    return sender;
  }

  /** Takes the topic's sender out of the cache, for its taker to keep or close. */
  take(topic: string): ServiceBusSender | undefined {
    const sender = this.senders.get(topic);
    this.senders.delete(topic);
    return sender;
  }

  /** Puts `sender` in place of the topic's sender; returns the one replaced, for the caller to close. */
  replace(topic: string, sender: ServiceBusSender): ServiceBusSender | undefined {
    const replaced = this.senders.get(topic);
    this.senders.set(topic, sender);
    return replaced;
  }

  async closeAll(): Promise<void> {
    const senders = [...this.senders.values()];
    this.senders.clear();
    await Promise.allSettled(senders.map((sender) => sender.close()));
  }
}
