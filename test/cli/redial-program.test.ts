import { main, redialProgram } from '../../bin/redial-command';
import { errorLines, oneLine } from '../../tools/command-line/errors';

/** `redial ...argv` in process: exit status and what went to stdout and stderr, a line per write. */
async function redial(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** Every command the program has: the help and error tests below run for each. */
const COMMANDS = redialProgram().commands.map((command) => command.name());

describe('the redial program', () => {
  it('has every tool’s commands', () => {
    expect([...COMMANDS].sort()).toEqual([
      'account-emulator',
      'audit-twiml',
      'call',
      'callbacks',
      'calls',
      'diagnose',
      'dlq',
      'emulators',
      'report',
      'start',
    ]);
  });

  it('lists every command with a one-line summary for --help, exit 0', async () => {
    const { code, out, err } = await redial('--help');

    expect({ code, err }).toEqual({ code: 0, err: [] });
    const help = out.join('\n');
    expect(help).toMatch(/^Usage: redial <command> \[options\]/);
    for (const command of COMMANDS) expect(help).toMatch(new RegExp(`^ {2}${command} +[A-Z][^\\n]+$`, 'm'));
    expect(help).toMatch(/^ {2}callbacks +List, show or cancel callbacks/m);
  });

  it('prints its help to stderr and exits 2 when given no command', async () => {
    const { code, out, err } = await redial();

    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err.join('\n')).toMatch(/^Usage: redial <command> \[options\]/);
  });

  it.each(COMMANDS)('prints the help of %s, exit 0', async (command) => {
    for (const argv of [
      [command, '--help'],
      ['help', command],
    ]) {
      const { code, out, err } = await redial(...argv);
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: [] });
      expect(out[0]).toMatch(new RegExp(`^Usage: redial ${command} `));
    }
  });

  it.each([
    [['nope'], "redial: unknown command 'nope' (see redial --help)"],
    [['calbacks'], "redial: unknown command 'calbacks'; did you mean callbacks? (see redial --help)"],
    [
      ['calls', '--agnet', 'x'],
      "redial calls: unknown option '--agnet'; did you mean --agent? (see redial calls --help)",
    ],
    [['calls', '--limit'], "redial calls: option '--limit <n>' argument missing (see redial calls --help)"],
    [['calls', 'today'], /^redial calls: too many arguments for 'calls'\. .* \(see redial calls --help\)$/],
    [
      ['start', '--port', 'http'],
      'redial start: --port must be a whole number from 0 to 65535, not "http" (see redial start --help)',
    ],
    [
      ['start', '--callback-agent', 'sleepy'],
      'redial start: --callback-agent must be one of answer, busy, decline, unavailable, no-answer, fail, got "sleepy" (see redial start --help)',
    ],
    [
      ['call', '--json', '--quiet'],
      /^redial call: option '--json' cannot be used with option '--quiet' \(see redial call --help\)$/,
    ],
  ])('exits 2 with one line on stderr for %j', async (argv, line) => {
    const { code, out, err } = await redial(...argv);

    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toEqual([typeof line === 'string' ? line : expect.stringMatching(line)]);
  });
});

describe('errorLines', () => {
  it("keeps a list's items on lines of their own, as cdk synth prints a config's bad fields", () => {
    expect(
      errorLines('Invalid config (x.json):\n- timezone: is required\n- agents: must be a\n list'),
    ).toEqual(['Invalid config (x.json):', '  - timezone: is required', '  - agents: must be a list']);
  });
});

describe('oneLine', () => {
  it('joins the lines of a message, and the items of a list with semicolons', () => {
    expect(oneLine('cannot start:\n  the port is taken\n')).toBe('cannot start: the port is taken');
    expect(oneLine('Invalid config (x.json):\n- timezone: is required\n- agents: must be a list')).toBe(
      'Invalid config (x.json): timezone: is required; agents: must be a list',
    );
  });
});
