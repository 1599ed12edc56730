import { maskDeep, maskPhoneNumbers } from '../../lambdas/domain/phone-masking';

const callSid = 'CA0123456789abcdef0123456789abcdef';

describe('maskPhoneNumbers', () => {
  it.each([
    ['+447700900101', '+44•••••••01'],
    ['+14155550100', '+1•••••••00'],
    ['+79161234567', '+7•••••••67'],
    ['+861012345678901', '+86•••••••01'],
    ['+1234567', '+1•••••••67'],
  ])('masks %s as %s, keeping the country code’s first digits and the last two', (number, masked) => {
    expect(maskPhoneNumbers(number)).toBe(masked);
  });

  it('uses one width for every length, so the masked form does not tell how long the number was', () => {
    expect(maskPhoneNumbers('+442071234567').length).toBe(maskPhoneNumbers('+4420712345').length);
  });

  it('masks numbers inside longer text: sentences, URLs, JSON bodies, SIP URIs', () => {
    expect(maskPhoneNumbers('Could not dial +447700900101: busy')).toBe('Could not dial +44•••••••01: busy');
    expect(maskPhoneNumbers('https://api.example/calls?to=+447700900101&x=1')).toBe(
      'https://api.example/calls?to=+44•••••••01&x=1',
    );
    expect(maskPhoneNumbers('{"From":"+447700900101","To":"+442071234567"}')).toBe(
      '{"From":"+44•••••••01","To":"+44•••••••67"}',
    );
    expect(maskPhoneNumbers('sip:+447700900101@pbx.example;tel:+14155550100')).toBe(
      'sip:+44•••••••01@pbx.example;tel:+1•••••••00',
    );
  });

  it('masks form-encoded numbers, %2B in either case and double-encoded, keeping the encoding', () => {
    expect(maskPhoneNumbers(`CallSid=${callSid}&From=%2B447700900101&To=%2b14155550100`)).toBe(
      `CallSid=${callSid}&From=%2B44•••••••01&To=%2b1•••••••00`,
    );
    expect(maskPhoneNumbers('next=%2Fvoice%3FFrom%3D%252B447700900101')).toBe(
      'next=%2Fvoice%3FFrom%3D%252B44•••••••01',
    );
  });

  it('leaves Twilio SIDs, ISO timestamps and numbers that are not phone-like untouched', () => {
    const untouched = [
      callSid,
      '2024-03-31T01:30:00.000+01:00',
      '2024-03-31T01:30:00+0100',
      'epoch 1711848600000 ms, rang for 23 s, SIP 486',
      'From=447700900101',
      'short +123456 and leading zero +0447700900101',
      'sixteen digits +1234567890123456',
      'anonymous',
    ];
    for (const text of untouched) expect(maskPhoneNumbers(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = maskPhoneNumbers('From=%2B447700900101 to +14155550100');
    expect(maskPhoneNumbers(once)).toBe(once);
  });
});

describe('maskDeep', () => {
  it('masks strings in nested objects and arrays, and object keys, without touching the input', () => {
    const input = {
      callSid,
      ringSeconds: 23,
      at: new Date('2024-03-31T01:30:00Z'),
      legs: [{ to: '+447700900101', status: 'busy' }, 'tel:+14155550100'],
      byNumber: { '+442071234567': 2 },
      on: true,
      none: null,
    };
    const before = structuredClone(input);

    expect(maskDeep(input)).toEqual({
      callSid,
      ringSeconds: 23,
      at: new Date('2024-03-31T01:30:00Z'),
      legs: [{ to: '+44•••••••01', status: 'busy' }, 'tel:+1•••••••00'],
      byNumber: { '+44•••••••67': 2 },
      on: true,
      none: null,
    });
    expect(input).toEqual(before);
  });

  it('masks an Error’s message, stack, cause and own properties, keeping it an Error of its class', () => {
    class TwilioError extends Error {
      constructor(
        message: string,
        readonly moreInfo: string,
        options?: ErrorOptions,
      ) {
        super(message, options);
        this.name = 'TwilioError';
      }
    }
    const error = new TwilioError('Dial to +447700900101 failed', 'see /Calls?To=%2B447700900101', {
      cause: new Error('from +14155550100'),
    });

    const masked = maskDeep(error) as TwilioError;

    expect(masked).toBeInstanceOf(TwilioError);
    expect(masked.name).toBe('TwilioError');
    expect(masked.message).toBe('Dial to +44•••••••01 failed');
    expect(masked.stack).toContain('TwilioError: Dial to +44•••••••01 failed');
    expect(masked.stack).not.toContain('+447700900101');
    expect(masked.moreInfo).toBe('see /Calls?To=%2B44•••••••01');
    expect((masked.cause as Error).message).toBe('from +1•••••••00');
    expect(error.message).toBe('Dial to +447700900101 failed');
  });

  it('masks what toJSON returns, such as a URL', () => {
    expect(maskDeep({ url: new URL('https://api.example/Calls?To=%2B447700900101') })).toEqual({
      url: 'https://api.example/Calls?To=%2B44•••••••01',
    });
  });

  it('keeps cycles as cycles instead of recursing forever', () => {
    const node: Record<string, unknown> = { from: '+447700900101' };
    node.self = node;
    const masked = maskDeep(node) as Record<string, unknown>;
    expect(masked.from).toBe('+44•••••••01');
    expect(masked.self).toBe(masked);
  });

  it('passes other values through', () => {
    expect(maskDeep('+447700900101')).toBe('+44•••••••01');
    expect(maskDeep(447700900101)).toBe(447700900101);
    expect(maskDeep(10n)).toBe(10n);
    expect(maskDeep(undefined)).toBeUndefined();
  });
});
