/** How a call or one of its dials ended, in the words the recorder, alerts and analytics all use. */
/** The dispositions a dial of the hunt can have; the rest are a call's alone (nobody was dialled). */
export const DIAL_DISPOSITIONS = [
  'answered',
  'declined-by-user',
  'declined-by-policy',
  'busy',
  'unavailable',
  'failed',
  'abandoned',
  'unknown',
] as const;

export const DISPOSITIONS = [
  ...DIAL_DISPOSITIONS,
  /** The business was closed: no dial was made (a call's disposition, never a dial's). */
  'after-hours',
  /** Closed, and the caller hung up without leaving a message or asking for a callback. */
  'abandoned-closed',
  /** Open, but the number called is not in the config, so nobody was dialled. */
  'unrouted',
  /** Redial's webhook failed, and the number's fallback took a message before any dial. */
  'fallback',
] as const;

export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_IN_WORDS: Record<Disposition, string> = {
  answered: 'answered',
  'declined-by-user': 'declined by the agent',
  'declined-by-policy': 'declined by a PBX rule',
  busy: 'agent busy',
  unavailable: 'agent unavailable or not answering',
  failed: 'the call to the agent failed',
  abandoned: 'the caller hung up before anyone answered',
  unknown: 'ended in a way Twilio did not explain',
  'after-hours': 'called while the business was closed',
  'abandoned-closed': 'called while the business was closed and hung up without leaving a message',
  unrouted: 'called a number Redial has no agents for',
  fallback: "Redial could not answer the call, so the caller reached the fallback's voicemail",
};
