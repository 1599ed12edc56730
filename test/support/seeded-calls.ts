import type { ReportCategory } from '../../lambdas/domain/analytics/categories';
import type { CallLeg, CallRecord } from '../../lambdas/domain/call-record';
import { parseConfig, type RedialConfig } from '../../lambdas/domain/config';
import type { Disposition } from '../../lambdas/domain/dispositions';

/**
 * Call records with known decline rates, for the analytics' tests: a deterministic generator (a
 * seeded PRNG, never Math.random) of four agents' dials over four weeks, which can plant the three
 * findings the analytics must make (a training spike, a routing spike, a PBX-drift window).
 *
 * Exactness: each agent's dials over the period are a fixed pool (e.g. 20 person declines in 400),
 * shuffled by the seed and dealt 20 to each weekday, so the totals are exact while each day varies
 * as real days do. `truth` is the generator's own ledger of what it planted, kept as it builds the
 * calls and independent of the analytics' code.
 *
 * The period is November 2026 in Europe/London, which is GMT: local times are UTC times.
 */

/** The dial outcomes a seeded dial can have (every report category a dial can be in but `other`). */
export type DialCategory = Exclude<ReportCategory, 'after-hours' | 'other'>;

export const SEEDED_START = '2026-11-02'; // a Monday
export const SEEDED_DAYS = 28;
export const DIALS_PER_AGENT_PER_WEEKDAY = 20;
const WEEKDAYS_IN_PERIOD = 20;

/** Each agent's dials over the 20 weekdays (400 each), by category; answered makes up the rest. */
export const SEEDED_MIX: Readonly<Record<string, Partial<Record<DialCategory, number>>>> = {
  alice: {
    'declined-by-user': 20,
    'declined-by-policy': 8,
    busy: 24,
    unavailable: 12,
    'no-answer': 20,
    failed: 4,
    abandoned: 8,
  },
  bob: {
    'declined-by-user': 40,
    'declined-by-policy': 6,
    busy: 16,
    unavailable: 20,
    'no-answer': 12,
    failed: 8,
    abandoned: 4,
  },
  carol: {
    'declined-by-user': 12,
    'declined-by-policy': 10,
    busy: 30,
    unavailable: 8,
    'no-answer': 16,
    failed: 2,
    abandoned: 6,
  },
  dave: {
    'declined-by-user': 28,
    'declined-by-policy': 4,
    busy: 20,
    unavailable: 16,
    'no-answer': 24,
    failed: 6,
    abandoned: 10,
  },
};
export const SEEDED_AGENTS = Object.keys(SEEDED_MIX);

/** Calls a day that meet the closed message, and open calls abandoned during the greeting. */
const CLOSED_CALLS_PER_DAY = 3;
const GREETING_HANG_UPS_PER_WEEKDAY = 1;

export interface Plants {
  /** One agent's person declines jump: `perDay` answered dials become person declines on each date. */
  readonly trainingSpike?: {
    readonly agentId: string;
    readonly dates: readonly string[];
    readonly perDay: number;
  };
  /** A PBX rule declines across every agent: `perAgent` answered dials each become policy declines. */
  readonly routingSpike?: { readonly date: string; readonly perAgent: number };
  /** The PBX closes at 17:00 while Redial says 17:30: `perWeekday` extra calls declined by rule then. */
  readonly pbxDrift?: { readonly perWeekday: number };
}

/** The three findings the analytics must make, planted together: the tests of the report and its pictures read it. */
export const PLANTED: Plants = {
  trainingSpike: { agentId: 'alice', dates: ['2026-11-24', '2026-11-25', '2026-11-26'], perDay: 8 },
  routingSpike: { date: '2026-11-18', perAgent: 6 },
  pbxDrift: { perWeekday: 2 },
};

/** The heatmap's hours the planted PBX drift (Mon–Fri 17:00–17:30) falls in. */
export const PLANTED_DRIFT_HOURS = ['Mon 17', 'Tue 17', 'Wed 17', 'Thu 17', 'Fri 17'];

export interface SeededCalls {
  readonly config: RedialConfig;
  readonly calls: CallRecord[];
  readonly since: string;
  readonly until: string;
  /** What was planted, counted as it was built. */
  readonly truth: {
    readonly dialsByAgent: Record<string, Record<DialCategory, number>>;
    readonly calls: Record<ReportCategory, number>;
  };
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; the same seed gives the same data everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The config the seeded calls are judged by: Mon–Fri 09:00–17:30 in London, the four agents. */
export function seededConfig(): RedialConfig {
  const weekday = [{ open: '09:00', close: '17:30' }];
  const prompt = { text: 'Hello.' };
  return parseConfig({
    timezone: 'Europe/London',
    openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    agents: SEEDED_AGENTS.map((id) => ({
      id,
      name: `${id[0].toUpperCase()}${id.slice(1)}`,
      dial: `sip:${id}@pbx.example.com`,
    })),
    numbers: [{ number: '+442071234567', huntList: SEEDED_AGENTS }],
    prompts: {
      voicemail: prompt,
      closed: prompt,
      callbackOffer: prompt,
      callbackConfirmed: prompt,
      voicemailThanks: prompt,
    },
  });
}

// ---- Records, one dial at a time ----

interface DialShape {
  readonly disposition: Disposition;
  readonly dialCallStatus: string;
  readonly sipResponseCode?: number;
  readonly ringSeconds: number;
}

/** How each category of dial looks as Twilio reports it (see README, "Dial outcomes"). */
export const DIAL_SHAPES: Readonly<Record<DialCategory, DialShape>> = {
  answered: { disposition: 'answered', dialCallStatus: 'completed', ringSeconds: 4 },
  'declined-by-user': {
    disposition: 'declined-by-user',
    dialCallStatus: 'failed',
    sipResponseCode: 603,
    ringSeconds: 6,
  },
  'declined-by-policy': {
    disposition: 'declined-by-policy',
    dialCallStatus: 'failed',
    sipResponseCode: 603,
    ringSeconds: 0.05,
  },
  busy: { disposition: 'busy', dialCallStatus: 'busy', sipResponseCode: 486, ringSeconds: 0.3 },
  unavailable: {
    disposition: 'unavailable',
    dialCallStatus: 'no-answer',
    sipResponseCode: 480,
    ringSeconds: 0.2,
  },
  'no-answer': {
    disposition: 'unavailable',
    dialCallStatus: 'no-answer',
    sipResponseCode: 487,
    ringSeconds: 20,
  },
  failed: { disposition: 'failed', dialCallStatus: 'failed', sipResponseCode: 503, ringSeconds: 0.5 },
  abandoned: { disposition: 'abandoned', dialCallStatus: 'canceled', sipResponseCode: 487, ringSeconds: 7 },
};

/** One dial, as the call record keeps it. */
export function dial(
  agentId: string,
  category: DialCategory,
  occurredAt: string,
  overrides: Partial<CallLeg> = {},
): CallLeg {
  const shape = DIAL_SHAPES[category];
  return {
    agentId,
    legKind: 'sip',
    ...shape,
    talkSeconds: category === 'answered' ? 60 : undefined,
    rule: `seeded ${category}`,
    huntExhausted: false,
    occurredAt,
    ...overrides,
  };
}

let callCounter = 0;

/** A finished call record with these dials, in hunt order. */
export function callWith(startedAt: string, legs: readonly CallLeg[], open = true): CallRecord {
  callCounter += 1;
  const latest = legs.at(-1);
  const answered = legs.some((leg) => leg.disposition === 'answered');
  return {
    callSid: `CA${String(callCounter).padStart(32, '0')}`,
    line: '+442071234567',
    startedAt,
    open,
    legs: Object.fromEntries(legs.map((leg, position) => [String(position).padStart(2, '0'), leg])),
    latestPosition: legs.length === 0 ? undefined : legs.length - 1,
    agentId: latest?.agentId,
    disposition: latest?.disposition,
    sipResponseCode: latest?.sipResponseCode,
    endedAt: startedAt,
    outcome: answered ? 'answered' : 'missed',
    applied: [],
    version: 1,
    updatedAt: startedAt,
  };
}

/** A call with no dial: closed (`after-hours` with a message, else `abandoned-closed`), or hung up early. */
export function undialledCall(
  startedAt: string,
  disposition: 'after-hours' | 'abandoned-closed' | 'abandoned',
): CallRecord {
  return { ...callWith(startedAt, [], disposition === 'abandoned'), agentId: undefined, disposition };
}

// ---- The generator ----

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Hunting goes on after these, as it does in Redial (busy, unavailable, rang out). */
const HUNTS_ON: ReadonlySet<DialCategory> = new Set(['busy', 'unavailable', 'no-answer']);

const dateAt = (dayIndex: number) => new Date(Date.parse(`${SEEDED_START}T00:00:00Z`) + dayIndex * DAY);
const isWeekday = (date: Date) => date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
const iso = (dayStart: Date, minutes: number) =>
  new Date(dayStart.getTime() + minutes * MINUTE).toISOString();

function emptyDialCounts(): Record<DialCategory, number> {
  return Object.fromEntries(Object.keys(DIAL_SHAPES).map((category) => [category, 0])) as Record<
    DialCategory,
    number
  >;
}

/** Each agent's pool of dial outcomes over the period, shuffled, dealt out in days. */
function dealtDials(random: () => number): Record<string, DialCategory[][]> {
  const total = DIALS_PER_AGENT_PER_WEEKDAY * WEEKDAYS_IN_PERIOD;
  return Object.fromEntries(
    SEEDED_AGENTS.map((agentId) => {
      const pool: DialCategory[] = Object.entries(SEEDED_MIX[agentId]).flatMap(([category, count]) =>
        new Array<DialCategory>(count ?? 0).fill(category as DialCategory),
      );
      pool.push(...new Array<DialCategory>(total - pool.length).fill('answered'));
      shuffle(pool, random);
      const days = Array.from({ length: WEEKDAYS_IN_PERIOD }, (_, day) =>
        pool.slice(day * DIALS_PER_AGENT_PER_WEEKDAY, (day + 1) * DIALS_PER_AGENT_PER_WEEKDAY),
      );
      return [agentId, days];
    }),
  );
}

/** Turns `count` answered dials of the day into `category`: planting without changing the volume. */
function convertAnswered(dials: DialCategory[], category: DialCategory, count: number): void {
  let left = count;
  for (let i = 0; i < dials.length && left > 0; i++) {
    if (dials[i] === 'answered') {
      dials[i] = category;
      left -= 1;
    }
  }
  if (left > 0) throw new Error(`not enough answered dials to plant ${count} ${category}`);
}

/** One weekday's dials as calls: each call hunts on from busy/unavailable/rang-out to the next agent. */
function weekdayCalls(
  dayStart: Date,
  dials: Record<string, DialCategory[]>,
  random: () => number,
): { calls: CallRecord[]; lastCategories: DialCategory[] } {
  const queues = Object.fromEntries(SEEDED_AGENTS.map((agentId) => [agentId, [...dials[agentId]]]));
  const calls: CallRecord[] = [];
  const lastCategories: DialCategory[] = [];
  let first = 0;
  while (SEEDED_AGENTS.some((agentId) => queues[agentId].length > 0)) {
    while (queues[SEEDED_AGENTS[first]].length === 0) first = (first + 1) % SEEDED_AGENTS.length;
    // Open calls between 09:00 and 17:00, so nothing but the planted drift lands in 17:00–17:30.
    const startMinute = 9 * 60 + random() * 8 * 60;
    const legs: CallLeg[] = [];
    let agentIndex = first;
    let category: DialCategory | undefined;
    let seconds = 5;
    do {
      const agentId = SEEDED_AGENTS[agentIndex];
      category = queues[agentId].shift() as DialCategory;
      seconds += DIAL_SHAPES[category].ringSeconds;
      legs.push(dial(agentId, category, iso(dayStart, startMinute + seconds / 60)));
      agentIndex = (agentIndex + 1) % SEEDED_AGENTS.length;
    } while (
      HUNTS_ON.has(category) &&
      legs.length < SEEDED_AGENTS.length &&
      queues[SEEDED_AGENTS[agentIndex]].length > 0
    );
    calls.push(callWith(iso(dayStart, startMinute), legs));
    lastCategories.push(category);
    first = (first + 1) % SEEDED_AGENTS.length;
  }
  return { calls, lastCategories };
}

/** Calls while closed: evenings on weekdays, any time at weekends. */
function closedCalls(dayStart: Date, random: () => number): CallRecord[] {
  return Array.from({ length: CLOSED_CALLS_PER_DAY }, (_, index) => {
    const minute = isWeekday(dayStart) ? 18 * 60 + random() * 5 * 60 : random() * 24 * 60;
    return undialledCall(iso(dayStart, minute), index % 2 === 0 ? 'after-hours' : 'abandoned-closed');
  });
}

/** The generator's own count of what it built, kept as it builds: the truth the tests compare with. */
type Ledger = SeededCalls['truth'];

function emptyLedger(): Ledger {
  const dialsByAgent = Object.fromEntries(SEEDED_AGENTS.map((agentId) => [agentId, emptyDialCounts()]));
  const calls = Object.fromEntries(
    [...Object.keys(DIAL_SHAPES), 'after-hours', 'other'].map((category) => [category, 0]),
  ) as Record<ReportCategory, number>;
  return { dialsByAgent, calls };
}

/** A weekday's calls: the dealt dials (with any spike planted), a hang-up in the greeting, any drift. */
function weekday(
  dayStart: Date,
  dials: Record<string, DialCategory[]>,
  plants: Plants,
  random: () => number,
  ledger: Ledger,
): CallRecord[] {
  plantSpikes(dayStart.toISOString().slice(0, 10), dials, plants);
  const day = weekdayCalls(dayStart, dials, random);
  for (const category of day.lastCategories) ledger.calls[category] += 1;
  for (const agentId of SEEDED_AGENTS) {
    for (const category of dials[agentId]) ledger.dialsByAgent[agentId][category] += 1;
  }
  const hangUps = Array.from({ length: GREETING_HANG_UPS_PER_WEEKDAY }, () =>
    undialledCall(iso(dayStart, 9 * 60 + random() * 8 * 60), 'abandoned'),
  );
  ledger.calls.abandoned += hangUps.length;
  const drift = driftCalls(dayStart, plants, random);
  for (const call of drift) {
    ledger.dialsByAgent[call.agentId as string]['declined-by-policy'] += 1;
    ledger.calls['declined-by-policy'] += 1;
  }
  return [...day.calls, ...hangUps, ...drift];
}

/** Four weeks of calls for `seed`, with the findings in `plants` planted and nothing else unusual. */
export function seededCalls(seed: number, plants: Plants = {}): SeededCalls {
  const random = seededRandom(seed);
  const dealt = dealtDials(random);
  const ledger = emptyLedger();
  const calls: CallRecord[] = [];
  let weekdayIndex = 0;
  for (let dayIndex = 0; dayIndex < SEEDED_DAYS; dayIndex++) {
    const dayStart = dateAt(dayIndex);
    calls.push(...closedCalls(dayStart, random));
    ledger.calls['after-hours'] += CLOSED_CALLS_PER_DAY;
    if (!isWeekday(dayStart)) continue;
    const dials = Object.fromEntries(SEEDED_AGENTS.map((agentId) => [agentId, dealt[agentId][weekdayIndex]]));
    weekdayIndex += 1;
    calls.push(...weekday(dayStart, dials, plants, random, ledger));
  }
  const since = `${SEEDED_START}T00:00:00.000Z`;
  const until = dateAt(SEEDED_DAYS).toISOString();
  return { config: seededConfig(), calls, since, until, truth: ledger };
}

function plantSpikes(date: string, dials: Record<string, DialCategory[]>, plants: Plants): void {
  const training = plants.trainingSpike;
  if (training?.dates.includes(date))
    convertAnswered(dials[training.agentId], 'declined-by-user', training.perDay);
  if (plants.routingSpike?.date === date) {
    for (const agentId of SEEDED_AGENTS)
      convertAnswered(dials[agentId], 'declined-by-policy', plants.routingSpike.perAgent);
  }
}

/** The PBX's early closing: calls at 17:00–17:30 that it declines by rule in milliseconds. */
function driftCalls(dayStart: Date, plants: Plants, random: () => number): CallRecord[] {
  const perWeekday = plants.pbxDrift?.perWeekday ?? 0;
  return Array.from({ length: perWeekday }, (_, index) => {
    const minute = 17 * 60 + random() * 29;
    const agentId = SEEDED_AGENTS[(dayStart.getUTCDate() + index) % SEEDED_AGENTS.length];
    return callWith(iso(dayStart, minute), [
      dial(agentId, 'declined-by-policy', iso(dayStart, minute + 0.1)),
    ]);
  });
}
