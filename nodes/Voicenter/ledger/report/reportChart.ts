import { dayInZone } from '../../helpers/voicenterClock';
import type { PauseRow } from '../ledgerTypes';
import { escapeHtml, instantOf } from './reportText';

/** The chart shows at most this many days (a longer range shows its first days). */
export const MAX_CHART_DAYS = 400;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date 'YYYY-MM-DD' as a Date at 00:00 UTC, or a RangeError for a text that is no day. */
function calendarDate(day: string): Date {
	const match = DAY.exec(day);
	const date = new Date(0);
	if (match !== null) {
		date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	}
	if (match === null || date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) {
		throw new RangeError(`${JSON.stringify(day)} is not a day (YYYY-MM-DD)`);
	}
	return date;
}

function dayText(date: Date): string {
	const year = String(date.getUTCFullYear()).padStart(4, '0');
	const month = String(date.getUTCMonth() + 1).padStart(2, '0');
	const day = String(date.getUTCDate()).padStart(2, '0');
	return `${year}-${month}-${day}`;
}

/**
 * Every calendar day from `fromDay` to `toDay`, both included, at most `limit` of them. Walked by
 * date, not by 24 hours: a day of the account's calendar can be 23 or 25 hours long.
 */
export function daysOfRange(fromDay: string, toDay: string, limit = MAX_CHART_DAYS): string[] {
	const date = calendarDate(fromDay);
	const last = dayText(calendarDate(toDay));
	const days: string[] = [];
	for (let day = dayText(date); day <= last && days.length < limit; day = dayText(date)) {
		days.push(day);
		date.setUTCDate(date.getUTCDate() + 1);
	}
	return days;
}

export interface PausesPerDay {
	/** Each day of the chart, in order, with the pauses that began on it in the zone. */
	perDay: Map<string, number>;
	/** Pauses the ledger holds no pause time for (a resume with no pause). */
	withoutTime: number;
	/** Pauses that began on a day outside the chart. */
	outside: number;
}

/** The pauses counted on the day of the zone's calendar they began on. */
export function pausesPerDay(rows: readonly PauseRow[], days: readonly string[], zone: string): PausesPerDay {
	const perDay = new Map<string, number>(days.map((day) => [day, 0]));
	let withoutTime = 0;
	let outside = 0;
	for (const row of rows) {
		const ms = instantOf(row.pausedAt);
		if (Number.isNaN(ms)) {
			withoutTime++;
			continue;
		}
		const day = dayInZone(ms, zone);
		const count = perDay.get(day);
		if (count === undefined) outside++;
		else perDay.set(day, count + 1);
	}
	return { perDay, withoutTime, outside };
}

/** The pauses per day as an SVG bar chart, a bar a day (a day without pauses is a bar of zero). */
export function pausesChart(perDay: ReadonlyMap<string, number>): string {
	const days = [...perDay.keys()];
	const most = Math.max(1, ...perDay.values());
	const barWidth = Math.max(4, Math.min(40, Math.floor(720 / Math.max(1, days.length))));
	const bars = days.map((day, i) => {
		const count = perDay.get(day) ?? 0;
		const height = Math.round((count / most) * 120);
		const x = 30 + i * barWidth;
		const label =
			count > 0 && barWidth >= 14
				? `<text x="${x + (barWidth - 2) / 2}" y="${134 - height}" text-anchor="middle" font-size="11">${count}</text>`
				: '';
		return `<g><title>${escapeHtml(day)}: ${count} pause${count === 1 ? '' : 's'}</title><rect x="${x}" y="${140 - height}" width="${barWidth - 2}" height="${height}" fill="#2f6fb0"></rect>${label}</g>`;
	});
	// At least wide enough for both dates under the axis, even for a range of a day or two.
	const chartEnd = Math.max(30 + days.length * barWidth, 200);
	const first = days.length > 0 ? `<text x="30" y="160" font-size="11">${escapeHtml(days[0])}</text>` : '';
	const last =
		days.length > 1
			? `<text x="${chartEnd}" y="160" font-size="11" text-anchor="end">${escapeHtml(days[days.length - 1])}</text>`
			: '';
	return `<svg role="img" aria-label="Pauses per day" width="${chartEnd + 30}" height="170"><line x1="28" y1="140" x2="${chartEnd}" y2="140" stroke="#888"></line>${bars.join('')}${first}${last}</svg>`;
}
