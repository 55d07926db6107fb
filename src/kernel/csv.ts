/**
 * One cell of a CSV file a spreadsheet opens safely: quoted when it holds a quote, comma,
 * semicolon or line break, and starting with an apostrophe when it would read as a formula.
 */
export function csvCell(raw: string): string {
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV file of a header and rows, each line ending in a newline. */
export function csvFile(header: string[], rows: string[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
