/** What a dial came to, in the words the recorder, the alerts and the analytics all use. */
export const DISPOSITIONS = [
  'answered',
  'declined-by-user',
  'declined-by-policy',
  'busy',
  'unavailable',
  'failed',
  'abandoned',
  'unknown',
] as const;

export type Disposition = (typeof DISPOSITIONS)[number];

/** Dispositions after which someone owes the caller a call. */
export const MISSED_DISPOSITIONS: ReadonlySet<Disposition> = new Set([
  'declined-by-user',
  'declined-by-policy',
  'busy',
  'unavailable',
  'failed',
  'abandoned',
  'unknown',
]);

export const DISPOSITION_IN_WORDS: Record<Disposition, string> = {
  answered: 'answered',
  'declined-by-user': 'declined by the agent',
  'declined-by-policy': 'declined by a PBX rule',
  busy: 'agent busy',
  unavailable: 'agent unavailable or not answering',
  failed: 'the call to the agent failed',
  abandoned: 'the caller hung up before anyone answered',
  unknown: 'ended in a way Twilio did not explain',
};
