/**
 * The marks a drawn chart holds, read back from its SVG: Vega labels every mark for screen readers
 * with its encoded fields (`agent: alice; declines: 9; dials: 21`), so a test can check that each
 * chart draws the numbers of the report, in Node and in a browser alike.
 */
export interface ChartMark {
  /** Vega's role for it: `point`, `rect mark`, `bar`. */
  readonly role: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** `agent: alice; declines: 9` → { agent: 'alice', declines: '9' }. */
export function fieldsOf(label: string): Record<string, string> {
  return Object.fromEntries(
    label.split('; ').map((pair) => {
      const at = pair.indexOf(': ');
      return [pair.slice(0, at), pair.slice(at + 2)];
    }),
  );
}

const MARK =
  /<[a-z]+ aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="(point|rect mark|bar)"/g;

const unescapeHtml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The data marks of one chart's SVG markup (axes, legends and titles left out). */
export function marksOf(svg: string): ChartMark[] {
  return [...svg.matchAll(MARK)].map(([, label, role]) => ({ role, fields: fieldsOf(unescapeHtml(label)) }));
}

/** The markup of the `<figure id>` in a page. */
export function figureOf(page: string, id: string): string {
  const start = page.indexOf(`<figure id="${id}">`);
  if (start < 0) throw new Error(`no figure ${id} in the page`);
  return page.slice(start, page.indexOf('</figure>', start));
}

/** The sum of a numeric field over marks. */
export const sumOf = (marks: readonly ChartMark[], field: string) =>
  marks.reduce((total, mark) => total + Number(mark.fields[field]), 0);

/** The marks whose fields have these values. */
export const marksWhere = (marks: readonly ChartMark[], fields: Readonly<Record<string, string>>) =>
  marks.filter((mark) => Object.entries(fields).every(([name, value]) => mark.fields[name] === value));

/** The heatmap cells outlined as PBX drift, as `Mon 17`. */
export const outlinedCells = (marks: readonly ChartMark[]) =>
  marks
    .filter((mark) => mark.fields.drift === 'true')
    .map((mark) => `${mark.fields.weekday} ${mark.fields.hour}`);
