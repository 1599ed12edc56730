/** Plain-text tables and times for the CLI's listings. */

/** A column: its heading, and its cell for a row (undefined when the row has no value). */
export type Column<T> = readonly [heading: string, cell: (row: T) => string | undefined];

/** Lines of cells, each column padded to its widest cell, without trailing spaces. */
export function alignedLines(lines: readonly (readonly string[])[]): string[] {
  const columns = Math.max(0, ...lines.map((line) => line.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(...lines.map((line) => line[i]?.length ?? 0)),
  );
  return lines.map((line) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/** A header and one aligned line per row; a missing value shows as `-`. */
export function textTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string[] {
  return alignedLines([
    columns.map(([heading]) => heading),
    ...rows.map((row) => columns.map(([, cell]) => cell(row) ?? '-')),
  ]);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in this machine's time zone; the stored value when it is not a time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}
