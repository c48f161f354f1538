import { startOfDayInZone, timeZoneProblem, zoneOffsetMinutes } from '../../helpers/voicenterClock';
import type { PauseRow, ReportContext } from '../ledgerTypes';
import { daysOfRange, MAX_CHART_DAYS, pausesChart, pausesPerDay } from './reportChart';
import { pauseTable } from './reportTable';
import { durationText, escapeHtml, instantOf, offsetText, timeText } from './reportText';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1d1f}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.count{background:#e8eef6;border-radius:10px;padding:1px 8px;font-size:13px}.summary{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.summary div{border:1px solid #d8dde3;border-radius:6px;padding:8px 12px;min-width:120px}.summary b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e3e6ea;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f5f7f9}.id{font-family:monospace;font-size:12px}.muted,.note{color:#666}.bad{color:#b3261e}.none{color:#2e7d32}.warn b,p.warn{color:#b3261e}`;

/** "Asia/Jerusalem (UTC+02:00 / +03:00)": the zone and its offsets at the given instants, in their order. */
function zoneLabel(zone: string, instants: readonly number[]): string {
	const offsets: string[] = [];
	for (const ms of [...instants].filter(Number.isFinite).sort((a, b) => a - b)) {
		const offset = offsetText(zoneOffsetMinutes(zone, ms));
		if (!offsets.includes(offset)) offsets.push(offset);
	}
	return offsets.length === 0 ? zone : `${zone} (UTC${offsets.join(' / ')})`;
}

function median(sorted: readonly number[]): number | null {
	if (sorted.length === 0) return null;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summaryBox(title: string, value: string, warn = false, extra = ''): string {
	return `<div${warn ? ' class="warn"' : ''}>${escapeHtml(title)}<b>${value}</b>${extra}</div>`;
}

/** The chart and, under it, what it leaves out. */
function chartSection(rows: readonly PauseRow[], days: readonly string[], zone: string, allDays: boolean): string {
	const { perDay, withoutTime, outside } = pausesPerDay(rows, days, zone);
	const notes: string[] = [];
	if (!allDays) notes.push(`The chart shows the first ${MAX_CHART_DAYS} days.`);
	if (withoutTime > 0) {
		notes.push(`${withoutTime} pause${withoutTime === 1 ? ' is' : 's are'} not on the chart: the ledger holds their resume but not their pause.`);
	}
	if (outside > 0) notes.push(`${outside} pause${outside === 1 ? ' began' : 's began'} on a day not on the chart.`);
	const note = notes.length > 0 ? `<p class="note">${escapeHtml(notes.join(' '))}</p>` : '';
	return `<h2>Pauses per day <span class="muted">(days in ${escapeHtml(zone)})</span></h2>${pausesChart(perDay)}${note}`;
}

/**
 * The auditor's report of the pauses as an HTML page: a summary, the pauses per day of the
 * account's calendar, and the tables, every time on the wall clock of the request's zone.
 */
export function reportPage(rows: readonly PauseRow[], context: ReportContext): { contentType: string; body: string } {
	const { fromDay, toDay, timeZone: zone } = context.request;
	const problem = timeZoneProblem(zone);
	if (problem !== undefined) throw new RangeError(problem);

	const days = daysOfRange(fromDay, toDay);
	const allDays = days.length === 0 || days[days.length - 1] === toDay;
	const paused = rows.filter((row) => row.ending !== 'notPaused');
	const lengths = paused
		.map((row) => row.pauseSeconds)
		.filter((seconds): seconds is number => typeof seconds === 'number' && Number.isFinite(seconds))
		.sort((a, b) => a - b);
	let longest: PauseRow | undefined;
	for (const row of paused) {
		if (typeof row.pauseSeconds === 'number' && (longest === undefined || row.pauseSeconds > (longest.pauseSeconds ?? -Infinity))) {
			longest = row;
		}
	}
	const notVerified = paused.filter(
		(row) => row.muteVerified !== true || (row.ending !== 'open' && row.ending !== 'callEnded' && row.unmuteVerified !== true),
	);
	const endedMuted = rows.filter((row) => row.ending === 'callEnded');
	const open = rows.filter((row) => row.ending === 'open');
	const failed = rows.filter((row) => row.ending === 'notPaused');

	const zoneText = zoneLabel(zone, [
		...days.map((day) => startOfDayInZone(day, zone)),
		instantOf(context.request.to),
		instantOf(context.lastWrittenAt),
		instantOf(context.now),
	]);
	const written = context.lastWrittenAt === null ? 'never written' : `last written ${timeText(context.lastWrittenAt, zone)}`;
	const csvLink = `?from=${encodeURIComponent(fromDay)}&to=${encodeURIComponent(toDay)}&format=csv`;
	const summary = [
		summaryBox('Pauses', String(paused.length)),
		summaryBox('Calls', String(new Set(paused.map((row) => row.callId)).size)),
		summaryBox('Median pause', durationText(median(lengths))),
		summaryBox('Longest pause', durationText(longest?.pauseSeconds), false, longest ? `<span class="id">${escapeHtml(longest.callId)}</span>` : ''),
		summaryBox('Still paused now', String(open.length), open.length > 0),
		summaryBox('Not verified', String(notVerified.length), notVerified.length > 0),
		summaryBox('Ended while paused', String(endedMuted.length), endedMuted.length > 0),
		summaryBox('Failed attempts', String(failed.length), failed.length > 0),
	].join('');
	const title = `Recording pauses, ${escapeHtml(fromDay)} to ${escapeHtml(toDay)}`;

	const body = [
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>\n${STYLE}\n</style></head><body>`,
		`<h1>${title}</h1>`,
		`<p class="muted">Times in ${escapeHtml(zoneText)}. From the Voicenter pause ledger: ${escapeHtml(written)}; read ${escapeHtml(timeText(context.now, zone))}. <a href="${escapeHtml(csvLink)}">Download these rows as CSV</a></p>`,
		`<div class="summary">${summary}</div>`,
		chartSection(paused, days, zone, allDays),
		pauseTable('Still paused now', open, 'A pause with no resume yet: the call is not being recorded, or the ledger never heard how it ended.', zone, csvLink),
		pauseTable('Pauses not verified', notVerified, 'Voicenter accepted the request, but nobody read the state back (Verify off), or reading it back failed.', zone, csvLink),
		pauseTable('Calls that ended while paused', endedMuted, 'The rest of these calls was never recorded.', zone, csvLink),
		pauseTable('Attempts that did not pause the recording', failed, 'The recording went on: card data said in these calls may be in the recording.', zone, csvLink),
		pauseTable('Every pause', paused, 'Each link opens the recording at the paused interval.', zone, csvLink),
		'</body></html>',
	].join('\n');
	return { contentType: 'text/html; charset=utf-8', body };
}
