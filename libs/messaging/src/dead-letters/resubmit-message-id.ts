import { createHash } from 'node:crypto';
import { RESUBMITTED_FROM_PROPERTY } from './resubmitted-from';

/** Service Bus refuses message ids longer than this. */
const MAX_MESSAGE_ID_LENGTH = 128;

/**
 * The id of a dead letter's resubmitted copy: the same for the same dead letter, so if a resubmit
 * sent the copy but could not complete the dead letter (lost lock), the next resubmit's copy is
 * folded by the topic's duplicate detection instead of being delivered twice. The sequence number
 * keeps it distinct from the original id, which is still inside the duplicate-detection window.
 */
export function resubmitMessageId(originalId: string, deadLetterSequenceNumber: string): string {
  const readable = `${originalId}#resubmit-${deadLetterSequenceNumber}`;
  if (readable.length <= MAX_MESSAGE_ID_LENGTH) return readable;
  return `resubmit-${createHash('sha256').update(`${originalId}\u0000${deadLetterSequenceNumber}`).digest('hex')}`;
}

/**
 * What makes a resubmitted copy one on both backends: its `resubmitMessageId`, and the property naming
 * the dead letter it was made from (shown if the copy is dead-lettered again).
 */
export function resubmittedCopyIdentity(originalId: string, deadLetterSequenceNumber: string): { messageId: string; properties: { [RESUBMITTED_FROM_PROPERTY]: string } } {
  return { messageId: resubmitMessageId(originalId, deadLetterSequenceNumber), properties: { [RESUBMITTED_FROM_PROPERTY]: originalId } };
}
