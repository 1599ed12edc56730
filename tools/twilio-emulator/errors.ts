import { CannotRunError, UsageError } from '../command-line/errors';

/** The command line or the options given to `simulateCall` are unusable; the message says why. */
export class OptionsError extends UsageError {}

/** The call cannot go on (a webhook answered badly, or the flow looped); the message says why. */
export class SimulationError extends Error {}

/** The local stack lacks something the command needs, such as its Twilio emulator; `redial call` exits 2. */
export class LocalStackError extends CannotRunError {}
