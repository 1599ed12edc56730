import { Logger } from '@aws-lambda-powertools/logger';
import { MaskingLogFormatter } from '../../lambdas/aws/masking-log-formatter';
import { logger as appLogger } from '../../lambdas/aws/observability';

const callSid = 'CA0123456789abcdef0123456789abcdef';

/**
 * Outside POWERTOOLS_DEV the Logger writes each line through its own Console on process.stdout
 * (info, warn) and process.stderr (error), so the JSON lines are captured at the streams.
 */
function captureLines(log: () => void): Record<string, any>[] {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    log();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

describe('MaskingLogFormatter', () => {
  const logger = new Logger({ serviceName: 'redial-test', logFormatter: new MaskingLogFormatter() });

  it('masks a number in the message, keeping the standard Powertools keys', () => {
    const [line] = captureLines(() => logger.info('Missed call from +447700900101'));

    expect(line).toMatchObject({
      level: 'INFO',
      message: 'Missed call from +44•••••••01',
      service: 'redial-test',
    });
    expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('masks numbers in nested attributes and form-encoded bodies, leaving SIDs and counts alone', () => {
    const [line] = captureLines(() =>
      logger.warn('Rejected a request', {
        callSid,
        ringSeconds: 23,
        request: {
          url: 'https://redial.example/voice?From=%2B447700900101',
          params: { From: '+447700900101', To: '+14155550100' },
          legs: [{ dial: 'sip:+442071234567@pbx.example', sipResponseCode: 486 }],
        },
      }),
    );

    expect(line).toMatchObject({
      level: 'WARN',
      callSid,
      ringSeconds: 23,
      request: {
        url: 'https://redial.example/voice?From=%2B44•••••••01',
        params: { From: '+44•••••••01', To: '+1•••••••00' },
        legs: [{ dial: 'sip:+44•••••••67@pbx.example', sipResponseCode: 486 }],
      },
    });
  });

  it('masks an Error’s message, stack and cause, whether passed on its own or as an attribute', () => {
    const error = new Error('Could not dial +447700900101', { cause: new Error('To=%2B14155550100') });

    const lines = captureLines(() => {
      logger.error('Dial failed for +447700900101', error);
      logger.error('Dial failed', { reason: error, attempts: [error.message] });
    });

    for (const line of lines) expect(JSON.stringify(line)).not.toMatch(/447700900101|14155550100/);
    expect(lines[0].message).toBe('Dial failed for +44•••••••01');
    expect(lines[0].error).toMatchObject({
      name: 'Error',
      message: 'Could not dial +44•••••••01',
      cause: { message: 'To=%2B1•••••••00' },
    });
    expect(lines[0].error.stack).toContain('Error: Could not dial +44•••••••01');
    expect(lines[0].error.location).toMatch(/masking-log-formatter\.test\.ts:\d+$/);
    expect(lines[1].reason).toMatchObject({ name: 'Error', message: 'Could not dial +44•••••••01' });
    expect(lines[1].attempts).toEqual(['Could not dial +44•••••••01']);
  });

  it('masks persistent keys too', () => {
    const child = logger.createChild({ persistentKeys: { caller: '+447700900101' } });

    const [line] = captureLines(() => child.info('Answered'));

    expect(line.caller).toBe('+44•••••••01');
  });
});

describe('the shared logger', () => {
  it('is a Powertools Logger that masks through the formatter', () => {
    expect(appLogger).toBeInstanceOf(Logger);

    const [line] = captureLines(() => appLogger.info('Answered Twilio', { from: '+447700900101' }));

    expect(line.from).toBe('+44•••••••01');
  });
});
