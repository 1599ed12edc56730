import { ConfigError, parseConfig } from '../../lambdas/domain/config';
import { exampleConfigJson } from '../support/example-config';

function parseWith(change: (config: Record<string, any>) => void): () => unknown {
  const raw = exampleConfigJson() as Record<string, any>;
  change(raw);
  return () => parseConfig(raw, 'test.json');
}

describe('parseConfig', () => {
  it('accepts the example config and fills defaults', () => {
    const config = parseConfig(exampleConfigJson());
    expect(config.numbers[0].huntList).toEqual(['alice', 'bob', 'carol']);
    expect(config.openingHours.sun).toEqual([]);
    expect(config.prompts.voicemail.voice).toBe('Polly.Amy');
  });

  it.each([
    ['timezone', (c: any) => (c.timezone = 'Mars/Olympus'), 'timezone: must be an IANA timezone'],
    ['an agent dial target', (c: any) => (c.agents[0].dial = '07700 900101'), 'agents.0.dial'],
    [
      'a Twilio number',
      (c: any) => (c.numbers[0].number = '0207'),
      'numbers.0.number: must be an E.164 number',
    ],
    [
      'opening hours',
      (c: any) => (c.openingHours.mon = [{ open: '18:00', close: '09:00' }]),
      'openingHours.mon.0',
    ],
    [
      'a hunt list entry',
      (c: any) => (c.numbers[0].huntList = ['alice', 'zed']),
      'numbers.0.huntList.1: names agent "zed"',
    ],
    ['a dial timeout', (c: any) => (c.numbers[0].dialTimeoutSeconds = 2), 'numbers.0.dialTimeoutSeconds'],
    ['a missing prompt', (c: any) => delete c.prompts.voicemail, 'prompts.voicemail'],
  ])('names the field when %s is wrong', (_name, change, expected) => {
    const parse = parseWith(change);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(expected);
    expect(parse).toThrow('test.json');
  });
});
