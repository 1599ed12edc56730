import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The CLI keeps to options, rows and presentation: the table's keys, indexes and expressions are
 * the store's alone (lambdas/aws/dynamo-store.ts), so a change of layout never reaches tools/cli.
 */

const CLI_DIR = join(__dirname, '..', '..', 'tools', 'cli');
const sources = readdirSync(CLI_DIR)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => [file, readFileSync(join(CLI_DIR, file), 'utf8')] as const);

describe('tools/cli and the table', () => {
  it('has sources to check', () => {
    expect(sources.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        'call-listing.ts',
        'callback-listing.ts',
        'calls-command.ts',
        'callbacks-command.ts',
      ]),
    );
  });

  it.each([
    ['the table layout', /table-layout/],
    ['the Lambdas’ own table helpers', /aws\/(call-table|callback-claims)'/],
    ['a Scan', /\bScan|paginateScan/],
    ['an expression', /Expression\b/],
    ['an index name', /IndexName/],
    ['a key string', /['"`](CALL|CALLBACK|CALLBACKS|AGENT|DISPOSITION|CALLS|CUSTOMER|OUTBOX)#/],
    ['a DynamoDB command', /\b(Get|Put|Update|Delete|Query|BatchGet|BatchWrite)Command\b/],
  ])('never names %s', (_, pattern) => {
    expect(sources.filter(([, text]) => pattern.test(text)).map(([file]) => file)).toEqual([]);
  });
});
