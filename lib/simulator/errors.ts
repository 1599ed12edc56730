/** The command line or the options given to `simulateCall` are unusable; the message says why. */
export class OptionsError extends Error {}

/** The call cannot go on (a webhook answered badly, or the flow looped); the message says why. */
export class SimulationError extends Error {}
