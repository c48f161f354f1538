import { dayInZone, startOfDayInZone } from '../helpers/voicenterClock';
import type { ReportRequest } from './ledgerTypes';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_DAYS = 30;

/** The calendar day `days` after `day` (negative: before), counted in dates, not hours. */
function addDays(day: string, days: number): string {
	const noon = Date.parse(`${day}T12:00:00Z`) + days * 86_400_000;
	return new Date(noon).toISOString().slice(0, 10);
}

function isDay(day: string): boolean {
	return DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/**
 * The days an auditor asked for (`from`, `to`: YYYY-MM-DD on the account's calendar, by default
 * the last 30 days) and the format (`html` or `csv`): the request, or a sentence saying what to fix.
 */
export function readReportRequest(
	query: Record<string, unknown>,
	timeZone: string,
	nowMs: number,
): { request: ReportRequest } | { problem: string } {
	const today = dayInZone(nowMs, timeZone);
	const fromDay = text(query.from).trim() || addDays(today, 1 - DEFAULT_DAYS);
	const toDay = text(query.to).trim() || today;
	const bad = [
		['from', fromDay],
		['to', toDay],
	].filter(([, day]) => !isDay(day));
	if (bad.length > 0) {
		return {
			problem: `${bad.map(([name, day]) => `"${name}" (${day})`).join(' and ')} must be a date written YYYY-MM-DD, e.g. ?from=${today}&to=${today}`,
		};
	}
	if (fromDay > toDay) return { problem: `"from" (${fromDay}) is after "to" (${toDay})` };
	const format = text(query.format).trim() || 'html';
	if (format !== 'csv' && format !== 'html') return { problem: `"format" must be csv or html, not ${format}` };
	return {
		request: {
			fromDay,
			toDay,
			timeZone,
			format,
			from: new Date(startOfDayInZone(fromDay, timeZone)).toISOString(),
			to: new Date(startOfDayInZone(addDays(toDay, 1), timeZone) - 1).toISOString(),
		},
	};
}

/**
 * The entries to read for a report: a pause on the first day can have been written as the trigger
 * saw it, and one on the last day ends, and its call's record arrives, after midnight.
 */
const READ_MARGIN_MS = 86_400_000;

/**
 * The most entries one report reads unless Read Report Request says otherwise. n8n holds every
 * entry a report reads in the execution at once, and n8n's Data Table node reads them 1,000 at a
 * time with a pass over the whole table each: past this a report would take n8n's memory and
 * minutes (a year of a large centre is millions of entries), so the report asks for fewer days
 * instead. A pause is three entries: this is a month of a centre of about 90 agents taking 6 card
 * payments a day each, or a week of one of 390.
 */
export const MOST_ENTRIES_A_REPORT_READS = 50_000;

/** The most entries this request's report reads. */
export const mostEntriesOf = (request: ReportRequest) => request.mostEntries ?? MOST_ENTRIES_A_REPORT_READS;

/**
 * The instants to read the ledger between: the days with READ_MARGIN_MS either side, but never
 * past the moment the report was asked for. n8n's Data Table node reads a large range in pages and
 * fails the read when the range gains entries meanwhile; the facts a busy centre writes while the
 * report reads (a pause, a resume, a call's record) happen after that moment, so they stay outside.
 * `readAtMost` is one more than a report takes, so that the report can tell it was too many.
 */
export function readWindow(request: ReportRequest, nowMs: number): { readFrom: string; readTo: string; readAtMost: number } {
	return {
		readFrom: new Date(Date.parse(request.from) - READ_MARGIN_MS).toISOString(),
		readTo: new Date(Math.min(Date.parse(request.to) + READ_MARGIN_MS, nowMs)).toISOString(),
		readAtMost: mostEntriesOf(request) + 1,
	};
}

/** What an auditor is told when the days asked for hold more than a report reads. */
export function tooManyEntries(request: ReportRequest): string {
	const days = `${request.fromDay} to ${request.toDay}`;
	return (
		`The pause ledger holds more than ${mostEntriesOf(request).toLocaleString('en')} entries for ${days}: more than one report reads. ` +
		`Ask for fewer days (?from=${request.fromDay}&to=${request.fromDay} and onwards), as a page or with &format=csv.`
	);
}
