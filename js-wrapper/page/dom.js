// Small DOM helpers. Every string goes in through textContent or an attribute, never as HTML.
export function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

// Fills a <table>: `headers` is a list of texts, each row a list of texts or
// {text, testId} cells.
export function fillTable(table, headers, rows) {
  const head = element('thead');
  const headRow = element('tr');
  for (const header of headers) headRow.append(element('th', header, { scope: 'col' }));
  head.append(headRow);
  const body = element('tbody');
  for (const row of rows) {
    const tableRow = element('tr');
    for (const cell of row) {
      const isObject = cell !== null && typeof cell === 'object';
      const attributes = isObject && cell.testId ? { 'data-testid': cell.testId } : {};
      tableRow.append(element('td', isObject ? cell.text : cell, attributes));
    }
    body.append(tableRow);
  }
  table.replaceChildren(head, body);
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = element('a', undefined, { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// A spreadsheet would run a cell starting with = + - @ as a formula; such text cells get a
// leading apostrophe (numbers stay numbers).
function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function downloadCsv(rows, fileName) {
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
  download(new Blob([`${text}\r\n`], { type: 'text/csv;charset=utf-8' }), fileName);
}

export function downloadChartPng(chart, fileName) {
  const dataUrl = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  download(new Blob([bytes], { type: 'image/png' }), fileName);
}
