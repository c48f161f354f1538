import type { PauseRow } from '../ledgerTypes';
import { durationText, endingText, escapeHtml, plainText, timeText, verifiedHtml } from './reportText';

const HEADER =
	'<thead><tr><th>Paused</th><th>Call</th><th>Extension</th><th>Caller</th><th>Length</th><th>How it ended</th>' +
	'<th>Paused by</th><th>Resumed by</th><th>Verified (pause / resume)</th><th>In the recording</th><th>Problem</th></tr></thead>';

/** The link that opens the recording at the paused interval (a media fragment, #t=from,to). */
function recordingLink(row: PauseRow): string {
	const url = plainText(row.recordingUrl);
	if (!/^https?:\/\//i.test(url) || typeof row.recordingFrom !== 'number') {
		return '<span class="muted">no recording yet</span>';
	}
	const to = typeof row.recordingTo === 'number' ? `,${row.recordingTo}` : '';
	const label = plainText(row.recordingInterval) || `from ${row.recordingFrom} s`;
	return `<a href="${escapeHtml(`${url}#t=${row.recordingFrom}${to}`)}">${escapeHtml(label)}</a>`;
}

function pausedCell(row: PauseRow, zone: string): string {
	return row.pausedAt === null ? '<span class="muted">not in the ledger</span>' : escapeHtml(timeText(row.pausedAt, zone));
}

function tableRow(row: PauseRow, zone: string): string {
	return (
		`<tr><td>${pausedCell(row, zone)}</td><td class="id">${escapeHtml(row.callId) || '—'}</td>` +
		`<td>${escapeHtml(row.extension)}</td><td>${escapeHtml(row.callerNumber)}</td><td>${durationText(row.pauseSeconds)}</td>` +
		`<td>${escapeHtml(endingText(row.ending))}</td>` +
		`<td>${escapeHtml(row.pausedBy)}<br><span class="muted">${escapeHtml(row.pausedVia)}</span></td>` +
		`<td>${escapeHtml(row.resumedBy)}<br><span class="muted">${escapeHtml(row.resumedVia)}</span></td>` +
		`<td>${verifiedHtml(row.muteVerified)} / ${verifiedHtml(row.unmuteVerified)}</td>` +
		`<td>${recordingLink(row)}</td><td>${escapeHtml(row.problem)}</td></tr>`
	);
}

/**
 * The most pauses one table of the page shows. A large centre's month holds tens of thousands: the
 * page shows the first this many and says where the rest are (the CSV, or a shorter range), so it
 * stays a page a browser opens.
 */
export const MAX_TABLE_ROWS = 1000;

/**
 * One section of the page: its title and count, a note, and its pauses (times on the zone's wall
 * clock), at most MAX_TABLE_ROWS of them; `csvLink` is where the others are.
 */
export function pauseTable(title: string, rows: readonly PauseRow[], note: string, zone: string, csvLink = ''): string {
	const heading = `<h2>${escapeHtml(title)} <span class="count">${rows.length}</span></h2><p class="note">${escapeHtml(note)}</p>`;
	if (rows.length === 0) return `${heading}<p class="none">None.</p>`;
	const shown = rows.slice(0, MAX_TABLE_ROWS);
	const rest = rows.length - shown.length;
	const more =
		rest === 0
			? ''
			: `<p class="warn">The first ${MAX_TABLE_ROWS} are shown; ${rest} more are not on this page: <a href="${escapeHtml(csvLink)}">download every row as CSV</a>, or ask for fewer days.</p>`;
	return `${heading}<table>${HEADER}<tbody>${shown.map((row) => tableRow(row, zone)).join('')}</tbody></table>${more}`;
}
