import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';

const PAGE = 100;
export const DEAD_LETTER_RUN_MAX_MESSAGES = 10_000;
export const DEAD_LETTER_RUN_MAX_DURATION_MS = 60_000;

/** Bounds one run over a dead-letter sub-queue; what is left stays dead-lettered for the next run. */
export interface DeadLetterRunLimits {
  maxMessages?: number;
  maxDurationMs?: number;
}

/**
 * What the run does with one selected dead letter. `keep`: it stays dead-lettered (its lock is given
 * back at the end); `stop`: `<code>: <why>`, the run stops and every dead letter after it is kept.
 */
export type DeadLetterAction = (message: ServiceBusReceivedMessage, sequence: string, receiver: ServiceBusReceiver) => Promise<{ keep: boolean; stop?: string }>;

/**
 * Receives (peek-lock) the dead letters of one sub-queue and hands those with a wanted message id
 * (every one when `wanted` is undefined) to `act`. The others stay locked until the end so a batch
 * never brings them again, then go back untouched. `complete`: the run saw the whole queue.
 */
export async function runOverDeadLetters(
  open: () => ServiceBusReceiver,
  wanted: ReadonlySet<string> | undefined,
  act: DeadLetterAction,
  limits: DeadLetterRunLimits = {},
): Promise<{ complete: boolean; stoppedBy?: string }> {
  const receiver = open();
  const kept: ServiceBusReceivedMessage[] = [];
  const seen = new Set<string>();
  const deadline = Date.now() + (limits.maxDurationMs ?? DEAD_LETTER_RUN_MAX_DURATION_MS);
  const maxMessages = limits.maxMessages ?? DEAD_LETTER_RUN_MAX_MESSAGES;
  let complete = false;
  let stoppedBy: string | undefined;
  try {
    // Bounded: held locks expire (the kept messages then come round again), so "until empty" may never come.
    while (seen.size < maxMessages && Date.now() < deadline) {
      const batch = await receiver.receiveMessages(Math.min(PAGE, maxMessages - seen.size), { maxWaitTimeInMs: 1000 });
      if (batch.length === 0) {
        complete = true; // nothing left that we do not hold: every dead letter was looked at
        break;
      }
      let cameRound = false;
      for (const message of batch) {
        const sequence = String(message.sequenceNumber ?? '');
        if (stoppedBy !== undefined) {
          kept.push(message); // the run stopped: this one goes back untouched, for the next run
          continue;
        }
        if (seen.has(sequence)) {
          // Its lock expired while we held it; stop instead of looping. Messages behind it may be unseen.
          cameRound = true;
          kept.push(message);
          continue;
        }
        seen.add(sequence);
        if (wanted && !wanted.has(String(message.messageId))) {
          kept.push(message); // held locked until the end so the loop does not see it again
          continue;
        }
        const done = await act(message, sequence, receiver);
        if (done.keep) kept.push(message);
        stoppedBy = done.stop;
      }
      if (cameRound || stoppedBy !== undefined) break;
    }
  } finally {
    await Promise.allSettled(kept.map((message) => receiver.abandonMessage(message)));
    await receiver.close();
  }
  return { complete: complete && stoppedBy === undefined, ...(stoppedBy !== undefined && { stoppedBy }) };
}
