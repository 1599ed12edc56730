import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A fault plan for the local stack (`redial start --faults FILE`): which requests of which
 * function fail, and how. Each local Lambda reads the file again when it changes
 * (network-faults.js), so a run can move from one fault to the next without a restart.
 */
// secretsmanager: the webhook's credentials read, which fails it outright (the voice fallback's test).
export const FAULT_SERVICES = ['dynamodb', 'sqs', 'sns', 'secretsmanager'] as const;
export const FAULT_EFFECTS = ['throttle', 'error', 'crash-after'] as const;

const faultRule = z.object({
  /** The function's construct id in the stack: WebhookApi, OutcomeRecorder, MissedCallAlerts, … */
  function: z.string().min(1),
  service: z.enum(FAULT_SERVICES),
  /** For DynamoDB and SQS, the operation (PutItem, SendMessage, …); absent: every request. */
  operation: z.string().min(1).optional(),
  effect: z.enum(FAULT_EFFECTS),
  /** The share of matching requests it hits, 0–1. */
  rate: z.number().min(0).max(1),
  /** crash-after only: at most this many crashes in all (counted by the fault server, by `id`). */
  limit: z.number().int().min(0).optional(),
  /** Names the rule for its `limit`: a new id starts a new count. */
  id: z.string().min(1).optional(),
});

export const faultPlanSchema = z.object({
  rules: z.array(faultRule),
  /** Every SQS batch handed to its consumer twice: one after the other, or at once (a race). */
  duplicateDeliveries: z.enum(['sequential', 'concurrent']).optional(),
});
export type FaultRule = z.infer<typeof faultRule>;
export type FaultPlan = z.infer<typeof faultPlanSchema>;

export const NO_FAULTS: FaultPlan = { rules: [] };

/** The plan in `file`, checked; an error names the file and the first bad field. */
export function readFaultPlan(file: string, functions: readonly string[]): FaultPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the fault plan ${file}: ${(error as Error).message}`);
  }
  const parsed = faultPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a fault plan (${issue.path.join('.')}: ${issue.message})`);
  }
  const unknown = parsed.data.rules.find((rule) => !functions.includes(rule.function));
  if (unknown)
    throw new Error(
      `${file}: no function "${unknown.function}" in the stack; use one of ${functions.join(', ')}`,
    );
  return parsed.data;
}

/**
 * The plan as it is now, read again when the file changes; while it is being replaced or cannot
 * be read, no faults. For the local stack's own part of it (duplicate deliveries).
 */
export function faultPlanReader(file: string): () => FaultPlan {
  let cached = { mtimeMs: Number.NaN, plan: NO_FAULTS };
  return () => {
    try {
      const { mtimeMs } = statSync(file);
      if (mtimeMs !== cached.mtimeMs)
        cached = { mtimeMs, plan: faultPlanSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) };
    } catch {
      cached = { mtimeMs: Number.NaN, plan: NO_FAULTS };
    }
    return cached.plan;
  };
}

/** Replaces the plan at once (a rename), so a function never reads half of it. */
export function writeFaultPlan(file: string, plan: FaultPlan): void {
  const next = `${file}.next`;
  writeFileSync(next, JSON.stringify(plan, null, 2));
  renameSync(next, file);
}
