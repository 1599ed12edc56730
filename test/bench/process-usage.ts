import { readFileSync, writeFileSync } from 'node:fs';

/** What a benchmark's processes used, read from Linux's /proc: peak memory and CPU time. */

/** A process's peak resident memory (VmHWM) in bytes, from /proc. */
function peakResidentBytes(pid: number | 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * Forgets this process's peak so far (Linux: `5` to /proc/self/clear_refs), so the peak read at
 * the end is this run's, not an earlier benchmark's in the same `npm run bench`.
 */
export function resetPeakResident(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/**
 * Peak resident memory of the whole local stack: this process (its gateway, Lambda worker threads,
 * Twilio emulator and callers) and the AWS emulators' process, each as the kernel counted it.
 */
export function peakMemory(emulatorsPid: number): { stack: number; emulators: number } {
  return { stack: peakResidentBytes('self'), emulators: peakResidentBytes(emulatorsPid) };
}

/** CPU milliseconds used so far: this process (all its threads) and the emulators' process. */
export function cpuMs(emulatorsPid: number): { stack: number; emulators: number } {
  const { user, system } = process.cpuUsage();
  // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 a second here).
  const fields = readFileSync(`/proc/${emulatorsPid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { stack: (user + system) / 1000, emulators: ticks * 10 };
}
