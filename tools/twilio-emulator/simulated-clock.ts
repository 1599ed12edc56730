/**
 * The header a simulated call's webhooks carry: the call's own time, in milliseconds since the
 * epoch. Twilio sends no such header; a local API started to trust it (the benchmarks') stamps it
 * as the request's arrival time, where API Gateway would stamp its own clock.
 */
export const SIMULATED_TIME_HEADER = 'X-Simulated-Time';

/**
 * One call's clock when its waits are simulated: ring time and pauses move it on at once instead
 * of being slept, so thousands of calls can be played without their real durations.
 */
export class SimulatedClock {
  private aheadMs = 0;

  now(): number {
    return Date.now() + this.aheadMs;
  }

  advance(seconds: number): void {
    this.aheadMs += seconds * 1000;
  }
}
