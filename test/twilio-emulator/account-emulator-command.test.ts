import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDiagnose } from '../../tools/cli/diagnose-command';
import { runCommand } from '../../tools/command-line/command-frame';
import { accountEmulatorCommand } from '../../tools/twilio-emulator/account-emulator-command';

/** The README's walk in one process: `redial account-emulator`, then `redial diagnose --since 14d` on its variables. */

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
  };
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('redial account-emulator', () => {
  it('serves the sample week, moved to the latest that has ended, for redial diagnose to read as it stands today', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'account-')), 'account.env');
    let release = () => {};
    const stopped = new Promise<void>((resolve) => {
      release = resolve;
    });
    const emulator = capture();
    const running = runCommand(
      accountEmulatorCommand(() => stopped),
      ['--port', '0', '--variables-file', file],
      emulator.output,
    );
    await until(() => emulator.out.length > 0 || emulator.err.length > 0);
    expect(emulator.err).toEqual([]);
    const env = Object.fromEntries(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(Object.keys(env)).toEqual(['TWILIO_API_BASE_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
    expect(emulator.out.join('\n')).toContain(`export TWILIO_API_BASE_URL=${env.TWILIO_API_BASE_URL}`);

    const diagnosis = capture();
    const code = await runDiagnose(['--since', '14d', '--json', '--timezone', 'UTC'], diagnosis.output, {
      env,
    });
    const report = JSON.parse(diagnosis.out.join('\n'));
    expect(code).toBe(1);
    // Every call of the moved week is inside the window (diagnose-command.test.ts checks each one's source).
    expect(report.calls).toHaveLength(15);
    expect(report.bySource.unknown).toBe(0);
    expect(report.patterns[0].description).toMatch(
      /^sip:frontdesk@pbx\.example\.com: 5 calls declined by the PBX's rules, Tue, Thu–Sun, 19:00–23:00/,
    );

    release();
    await expect(running).resolves.toBe(0);
  });

  it('says which port is taken, without a stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const run = capture();
    try {
      const code = await runCommand(
        accountEmulatorCommand(() => Promise.resolve()),
        ['--port', String(port - 1)],
        run.output,
      );
      expect(code).toBe(2);
      expect(run.err).toEqual([
        `redial account-emulator: port ${port - 1} or ${port} is in use (another redial account-emulator?): pass --port N, or --port 0 for free ones`,
      ]);
    } finally {
      busy.close();
    }
  });
});
