import { PAUSE_COLUMNS } from '../ledgerTypes';
import type { PauseRow, ReportContext } from '../ledgerTypes';

/** A cell a spreadsheet would run as a formula (or whose first character it would eat). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell RFC 4180 wants quoted. */
const NEEDS_QUOTES = /[",\n\r]/;

function cellText(value: unknown): string {
	return value === null || value === undefined ? '' : String(value);
}

/**
 * One CSV cell: a cell that starts like a formula is kept as text with a leading apostrophe, then
 * a cell holding a quote, a comma or a line end is quoted (its quotes doubled), as RFC 4180 says.
 */
export function csvCell(value: unknown): string {
	let text = cellText(value);
	if (FORMULA_START.test(text)) text = `'${text}`;
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Keeps a file name a file name, whatever the days were (they are YYYY-MM-DD when read by readReportRequest). */
function fileNamePart(day: string): string {
	return cellText(day).replace(/[^0-9A-Za-z-]/g, '_');
}

/**
 * The pauses as CSV: a header of PAUSE_COLUMNS, one line a pause, CRLF line ends. Times stay as
 * the rows hold them, UTC ISO, for machines to read.
 */
export function reportCsv(
	rows: readonly PauseRow[],
	context: ReportContext,
): { contentType: string; fileName: string; body: string } {
	const lines: string[] = new Array<string>(rows.length + 2);
	lines[0] = PAUSE_COLUMNS.join(',');
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		lines[i + 1] = PAUSE_COLUMNS.map((column) => csvCell(row[column])).join(',');
	}
	// The last element, empty, gives the last line its CRLF.
	lines[rows.length + 1] = '';
	const { fromDay, toDay } = context.request;
	return {
		contentType: 'text/csv; charset=utf-8',
		fileName: `pause-ledger-${fileNamePart(fromDay)}-to-${fileNamePart(toDay)}.csv`,
		body: lines.join('\r\n'),
	};
}
