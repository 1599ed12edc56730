/**
 * One call's clock when its waits are simulated: ring time and pauses move it on at once instead
 * of being slept, so thousands of calls can be played without their real durations. Its time goes
 * with each webhook in SIMULATED_TIME_HEADER (tools/local-stack/state-file.ts).
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
