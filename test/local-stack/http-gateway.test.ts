import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpGateway, startHttpGateway } from '../../tools/local-stack/http-gateway';
import type { LocalFunction } from '../../tools/local-stack/local-function';
import { SIMULATED_TIME_HEADER } from '../../tools/local-stack/state-file';

/** A function that answers 200 and keeps the events it was handed. */
function recordingTarget(events: APIGatewayProxyEventV2[]): LocalFunction {
  return {
    invoke: async (event: APIGatewayProxyEventV2) => {
      events.push(event);
      return { statusCode: 200, body: '' };
    },
  } as unknown as LocalFunction;
}

describe('the local API gateway’s arrival time (requestContext.timeEpoch)', () => {
  let gateway: HttpGateway;
  const events: APIGatewayProxyEventV2[] = [];
  const SIMULATED = Date.parse('2026-12-07T10:00:00Z');

  async function arrivalWith(trustSimulatedTime: boolean, header?: string): Promise<number> {
    gateway = await startHttpGateway(
      [{ method: 'POST', path: '/voice/incoming', target: recordingTarget(events) }],
      {
        port: 0,
        onRequest: () => {},
        trustSimulatedTime,
      },
    );
    await fetch(`${gateway.url}/voice/incoming`, {
      method: 'POST',
      headers: header === undefined ? {} : { [SIMULATED_TIME_HEADER]: header },
      body: 'CallSid=CA1',
    });
    return (events.at(-1) as APIGatewayProxyEventV2).requestContext.timeEpoch;
  }

  afterEach(() => gateway.stop());

  it('is this machine’s clock, whatever a request claims, by default', async () => {
    const before = Date.now();
    const arrival = await arrivalWith(false, String(SIMULATED));
    expect(arrival).toBeGreaterThanOrEqual(before);
    expect(arrival).toBeLessThanOrEqual(Date.now());
  });

  it('is a simulated call’s own time when the gateway trusts it (the benchmarks)', async () => {
    expect(await arrivalWith(true, String(SIMULATED))).toBe(SIMULATED);
  });

  it.each(['soon', '-5', '1.5', ''])('falls back to the clock for a header of %p', async (header) => {
    const before = Date.now();
    expect(await arrivalWith(true, header)).toBeGreaterThanOrEqual(before);
  });
});
