import { auditTwiml, TwimlSyntaxError } from '../../tools/cli/twiml-audit';

const where = (xml: string) =>
  auditTwiml(xml, 'doc.xml').map(({ line, column, verb, kind }) => ({ line, column, verb, kind }));

describe('auditTwiml', () => {
  it('reports a late <Reject> and a <Dial> without action with their lines and columns', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Response>',
      '  <Say voice="Polly.Amy">Please hold</Say>',
      '  <Dial timeout="20">',
      '    <Number statusCallback="https://example.com/status">+15005550006</Number>',
      "    <Sip username='u'>sip:alice@pbx.example.com</Sip>",
      '  </Dial>',
      '    <Reject reason="busy" />',
      '</Response>',
    ].join('\n');

    const findings = auditTwiml(xml, 'doc.xml');

    expect(findings).toEqual([
      expect.objectContaining({
        source: 'doc.xml',
        line: 4,
        column: 3,
        verb: 'Dial',
        kind: 'dial-without-action',
      }),
      expect.objectContaining({ source: 'doc.xml', line: 8, column: 5, verb: 'Reject', kind: 'reject' }),
    ]);
    expect(findings[0].message).toContain('no DialCallStatus reaches the app');
    expect(findings[1].message).toContain('not the first verb (<Say> is)');
  });

  it('finds nothing in TwiML whose <Dial> has an action', () => {
    const xml = `<Response>
  <Dial action="https://example.com/dial-done" method="POST"><Number>+15005550006</Number></Dial>
  <Record action='https://example.com/recorded'/>
</Response>`;

    expect(auditTwiml(xml, 'doc.xml')).toEqual([]);
  });

  it('says what a first <Reject> does, per reason', () => {
    const busy = auditTwiml('<Response><Reject reason="busy"/></Response>', 'doc.xml')[0].message;
    const byDefault = auditTwiml('<Response>\n<Reject></Reject>\n</Response>', 'doc.xml')[0].message;
    const unknown = auditTwiml("<Response><Reject reason='later'/></Response>", 'doc.xml')[0].message;

    expect(busy).toMatch(/first verb.*unanswered.*ends busy.*486 Busy.*busy signal/);
    expect(byDefault).toMatch(
      /"rejected", the default.*first verb.*ends no-answer.*404 Not Found.*not-in-service/,
    );
    expect(unknown).toContain('"later" is not a reason Twilio knows');
  });

  it('counts only the first of two <Reject>s as first', () => {
    const findings = auditTwiml('<Response><Reject/><Reject reason="busy"/></Response>', 'doc.xml');

    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('Twilio leaves the call unanswered'),
      expect.stringContaining('not the first verb (<Reject> is)'),
    ]);
  });

  it('reports a <Reject> nested in another verb', () => {
    const [finding] = auditTwiml('<Response><Gather><Reject/></Gather></Response>', 'doc.xml');

    expect(finding.message).toContain('nested in <Gather>');
  });

  it('ignores verbs in comments and CDATA, lower-case look-alikes, and > inside attribute values', () => {
    const xml = `<Response>
  <!-- <Reject/> was here, and <Dial>+15005550006</Dial> -->
  <Say><![CDATA[<Dial>not a verb</Dial>]]></Say>
  <dial>not TwiML</dial>
  <Dial action="https://example.com/a?b=1&amp;c=>2">+15005550006</Dial>
  <Dial action="">+15005550006</Dial>
</Response>`;

    expect(where(xml)).toEqual([{ line: 6, column: 3, verb: 'Dial', kind: 'dial-without-action' }]);
  });

  it('counts columns from the start of the line with CRLF line endings', () => {
    expect(where('<Response>\r\n\t<Dial>+15005550006</Dial>\r\n</Response>')).toEqual([
      { line: 2, column: 2, verb: 'Dial', kind: 'dial-without-action' },
    ]);
  });

  it.each([
    ['plain text', 'busy tonight', /not well-formed XML \(line 1, column 1\)/],
    ['an unclosed tag', '<Response>\n<Dial>\n</Response>', /not well-formed XML \(line 3/],
    ['another root element', '<html><body/></html>', /root element is <html>, not <Response>/],
    ['two roots', '<Response/><Response/>', /second root element/],
  ])('rejects %s as not TwiML', (_what, xml, message) => {
    expect(() => auditTwiml(xml, 'doc.xml')).toThrow(TwimlSyntaxError);
    expect(() => auditTwiml(xml, 'doc.xml')).toThrow(message);
  });
});
