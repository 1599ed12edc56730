import { z } from 'zod';
import { type AgentScenario, SCENARIO_VERB } from './agent-scripts';

/** What the agent's phone does when Redial's callback worker rings it (SIP codes as in agent-scripts). */
export const AGENT_OUTCOMES = [
  'answer',
  'busy',
  'decline',
  'unavailable',
  'no-answer',
  'fail',
] as const satisfies readonly AgentScenario[];
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

/** What the customer's phone does when the agent's call `<Dial>`s them: a PSTN leg, so no decline. */
export const CUSTOMER_OUTCOMES = [
  'answer',
  'busy',
  'no-answer',
  'fail',
] as const satisfies readonly AgentScenario[];
export type CustomerOutcome = (typeof CUSTOMER_OUTCOMES)[number];

/**
 * How the outbound calls for one callback go: the i-th call uses the i-th entry of each list, and
 * a list's last entry repeats for every later call.
 */
export interface CallbackScript {
  agent: AgentOutcome[];
  customer: CustomerOutcome[];
  /** What the agent presses at each `<Gather>` of the call; '' is silence. Default '1'. */
  digits?: string[];
}

/** What one outbound call does. */
export interface CallbackAttempt {
  agent: AgentOutcome;
  customer: CustomerOutcome;
  digits: string;
}

export const DEFAULT_CALLBACK_SCRIPT: CallbackScript = { agent: ['answer'], customer: ['answer'] };
const DEFAULT_DIGITS = '1';

// Messages follow the field's name: "agent[1] must be one of …".
const listOf = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: 'must be a list' }).min(1, { error: 'must not be empty' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => `must be one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
const keys = z.string({ error: 'must be a string' }).regex(/^[0-9*#]*$/, {
  error: (issue) => `may hold only 0-9, * and #, got ${JSON.stringify(issue.input)}`,
});

const SCRIPT = z
  .object({
    agent: listOf(oneOf(AGENT_OUTCOMES)),
    customer: listOf(oneOf(CUSTOMER_OUTCOMES)),
    digits: listOf(keys).optional(),
  })
  .strict();

/** The body of `POST /__emulator/scripts`: the script and the callback it is for. */
const SCRIPT_REQUEST = SCRIPT.extend({
  key: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
});

export type ScriptRequest = z.infer<typeof SCRIPT_REQUEST>;

/** A script that cannot be played; the message names each bad field, e.g. `agent[1] must be one of …`. */
export class CallbackScriptError extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map(({ field, message }) => (field ? `${field} ${message}` : message)).join('; '));
  }
}

/** Checks a script request, from JSON or from the command line. */
export function parseScriptRequest(value: unknown): ScriptRequest {
  return parse(SCRIPT_REQUEST, value);
}

/** Checks a script from the command line or from code, where an empty list has no last entry to repeat. */
export function checkCallbackScript(script: unknown): CallbackScript {
  return parse(SCRIPT, script);
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new CallbackScriptError(
    result.error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message })),
  );
}

function fieldName(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/** What the `index`-th call (from 0) under this script does. */
export function attemptOf(script: CallbackScript, index: number): CallbackAttempt {
  return {
    agent: entry(script.agent, index),
    customer: entry(script.customer, index),
    digits: entry(script.digits ?? [DEFAULT_DIGITS], index),
  };
}

function entry<T>(list: readonly T[], index: number): T {
  return list[Math.min(index, list.length - 1)];
}

/** The script in words, e.g. "call 1: agent is busy; call 2 and later: agent answers and presses 1, …". */
export function describeCallbackScript(script: CallbackScript): string {
  const calls = Math.max(script.agent.length, script.customer.length, script.digits?.length ?? 0);
  if (calls === 1) return `every call: ${describeAttempt(attemptOf(script, 0))}`;
  return Array.from({ length: calls }, (_, index) => {
    const which = index === calls - 1 ? `call ${index + 1} and later` : `call ${index + 1}`;
    return `${which}: ${describeAttempt(attemptOf(script, index))}`;
  }).join('; ');
}

export function describeAttempt({ agent, customer, digits }: CallbackAttempt): string {
  if (agent !== 'answer') return `agent ${SCENARIO_VERB[agent]}`;
  const presses = digits === '' ? 'presses nothing' : `presses ${digits}`;
  return `agent answers and ${presses}, customer ${SCENARIO_VERB[customer]}`;
}

/**
 * The scripts by key, and how many calls each key has had, so that each call gets the next entry.
 * Calls without a key count together, as one more key.
 */
export class CallbackScripts {
  private readonly scripts = new Map<string, CallbackScript>();
  private readonly callsMade = new Map<string, number>();

  private readonly defaults: CallbackScript;

  constructor(defaults: CallbackScript) {
    this.defaults = checkCallbackScript(defaults);
  }

  /** Sets the script for a key; its next call plays the first entries again. */
  set(key: string, script: CallbackScript): void {
    this.scripts.set(key, checkCallbackScript(script));
    this.callsMade.delete(key);
  }

  /** The next call for the key: what it does, its index among the key's calls, and whether it is scripted. */
  next(key: string | undefined): { attempt: CallbackAttempt; index: number; scripted: boolean } {
    const counted = key ?? '';
    const index = this.callsMade.get(counted) ?? 0;
    this.callsMade.set(counted, index + 1);
    const script = key === undefined ? undefined : this.scripts.get(key);
    return { attempt: attemptOf(script ?? this.defaults, index), index, scripted: script !== undefined };
  }
}
