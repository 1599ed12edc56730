import fc from 'fast-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { isTwilioUrl, MAX_BODY_BYTES, TWILIO_API_HOST } from '../../lambdas/domain/twilio-request';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import {
  AUTH_TOKEN,
  loadWebhook,
  twilioSignature,
  type WebhookPost,
  webhookEvent,
  webhookUrl,
} from '../support/webhook-in-process';
import { fuzzParameters, fuzzTitle } from './fuzz-settings';
import { contentType, formBody, malformedBody, voiceQuery } from './twilio-arbitraries';
import { twimlProblems } from './twiml-checks';

/**
 * Every /voice/… route, driven in process with what Twilio would never send. Properties: never a
 * 5xx, never an unhandled rejection, nothing published without a valid signature, and every
 * answer to a signed request well-formed TwiML with only Redial's own verbs and URLs.
 */

const webhook = loadWebhook();
const ROUTES = Object.values(VOICE_ROUTES);
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let cases = 0;

beforeAll(() => process.on('unhandledRejection', onRejection));
afterAll(() => {
  process.off('unhandledRejection', onRejection);
  webhook.restore();
  console.log(fuzzTitle(`webhook fuzz: ${cases} requests`));
});

async function send(post: WebhookPost) {
  webhook.reset();
  cases += 1;
  const response = await webhook.handler(webhookEvent(post));
  const status = response.statusCode ?? 200;
  if (status >= 500) throw new Error(`${status} for ${JSON.stringify(post)}: ${response.body}`);
  return { status, body: response.body ?? '', published: [...webhook.published] };
}

/** A request that must be refused with one of `statuses`, having published nothing. */
async function expectRefused(post: WebhookPost, ...statuses: number[]) {
  const { status, published } = await send(post);
  expect(statuses).toContain(status);
  expect(published).toEqual([]);
}

/** Every URL in the events queued: each will be a link in an alert, so each must be Twilio's. */
function publishedUrls(published: unknown[]): string[] {
  const entries = published.flatMap(
    (input) => (input as { Entries?: { MessageBody: string }[] }).Entries ?? [],
  );
  return entries.flatMap(({ MessageBody }) =>
    Object.entries(JSON.parse(MessageBody))
      .filter(([name]) => /url$/i.test(name))
      .map(([, url]) => String(url)),
  );
}

/** SQS takes any event (stubbed), so an outbox write means an event failed its own schema. */
const outboxWrites = (published: unknown[]) =>
  published.filter((input) => !(input as { QueueUrl?: string }).QueueUrl);

describe(fuzzTitle('webhook fuzz'), () => {
  it.each(ROUTES)(
    '%s: a signed request of any parameters gets safe TwiML and only valid events',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(formBody, voiceQuery, fc.boolean(), async (body, query, base64) => {
          const {
            status,
            body: twiml,
            published,
          } = await send({
            path,
            query,
            body,
            base64,
            signature: twilioSignature(path, query, body),
          });
          expect(status).toBe(200);
          expect(twimlProblems(twiml)).toEqual([]);
          expect(outboxWrites(published)).toEqual([]);
          for (const url of publishedUrls(published)) expect(isTwilioUrl(url, [TWILIO_API_HOST])).toBe(true);
        }),
        fuzzParameters(600),
      );
    },
  );

  const tampering = fc.constantFrom(
    'none',
    'empty',
    'garbage',
    'other-token',
    'other-path',
    'other-body',
    'other-query',
  );

  it('a request without a valid signature gets 403 and publishes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        formBody,
        voiceQuery,
        tampering,
        fc.string(),
        async (path, body, query, how, noise) => {
          const signed = (p: string, q: string, b: string) => twilioSignature(p, q, b);
          const signature = {
            none: undefined,
            empty: '',
            garbage: noise,
            'other-token': getExpectedTwilioSignature(
              AUTH_TOKEN.replace(/.$/, 'x'),
              webhookUrl(path, query),
              Object.fromEntries(new URLSearchParams(body)),
            ),
            'other-path': signed(ROUTES.find((other) => other !== path) as string, query, body),
            'other-body': signed(path, query, `${body}&Tampered=1`),
            'other-query': signed(path, `${query}&pos=9`, body),
          }[how];
          await expectRefused({ path, query, body, signature }, 403);
        },
      ),
      fuzzParameters(2000),
    );
  });

  it('a malformed body or content type is refused with a 4xx and publishes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        malformedBody,
        contentType,
        fc.boolean(),
        fc.option(fc.string(), { nil: undefined }),
        async (path, body, type, base64, signature) => {
          await expectRefused({ path, body, contentType: type, base64, signature }, 400, 403);
        },
      ),
      fuzzParameters(1500),
    );
  });

  it('a body over the limit gets 413 whatever it holds, and publishes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }),
        contentType,
        fc.boolean(),
        async (path, size, type, signed) => {
          const body = `CallSid=${'A'.repeat(size)}`;
          const signature = signed ? twilioSignature(path, '', body) : undefined;
          await expectRefused({ path, body, contentType: type, signature }, 413);
        },
      ),
      fuzzParameters(200),
    );
  });

  it('any other path or method gets 404', async () => {
    const path = fc.oneof(
      fc.constantFrom(
        '/voice/__proto__',
        '/voice/constructor',
        '__proto__',
        'constructor',
        'toString',
        '/voice',
        '/voice/',
        '/VOICE/INCOMING',
        '/voice/incoming/',
        '',
      ),
      fc.string().map((tail) => `/voice/${tail}`),
    );
    const method = fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post', 'POST');
    await fc.assert(
      fc.asyncProperty(fc.oneof(path, fc.constantFrom(...ROUTES)), method, formBody, async (p, m, body) => {
        if (m === 'POST' && (ROUTES as string[]).includes(p)) return;
        await expectRefused(
          {
            path: p,
            method: m,
            body,
            signature: twilioSignature(p, '', body),
          },
          404,
        );
      }),
      fuzzParameters(500),
    );
  });

  it('left no promise rejected unhandled', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
  });
});
