// Markdown tables for RESULTS.md and the terminal.

export interface Table {
  caption?: string;
  headers: string[];
  /** 'r' right-aligns a column of figures. */
  align?: ('l' | 'r')[];
  rows: string[][];
  notes?: string[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderTable(table: Table): string {
  const width = table.headers.length;
  for (const row of table.rows) {
    if (row.length !== width)
      throw new Error(`a row has ${row.length} cells, the table ${width} columns: ${row.join(' | ')}`);
  }
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${table.headers.map((_, i) => (table.align?.[i] === 'r' ? '---:' : '---')).join('|')}|`;
  const parts = [];
  if (table.caption) parts.push(`**${table.caption}**`, '');
  parts.push(line(table.headers), rule, ...table.rows.map(line));
  if (table.notes?.length) parts.push('', ...table.notes.map((note) => `- ${note}`));
  return parts.join('\n');
}
