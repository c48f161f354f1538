/**
 * Voicenter's clock. Voicenter's servers write epoch seconds on the account's wall clock, not in
 * UTC: serverSeconds = utcSeconds + (the zone's offset at that instant, in seconds); Israel is
 * +120 minutes in winter and +180 in summer. This applies to Active Calls' `callStarted` and
 * `callAnswered` and to the CDR's `time`. These helpers turn such times into UTC instants and back,
 * and name days and wall-clock times in a zone, with nothing but Node's own Intl (which knows
 * every IANA zone and its daylight-saving rules).
 */

export const DEFAULT_ACCOUNT_TIME_ZONE = 'Asia/Jerusalem';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The wall clock of an instant in a zone, field by field. */
interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

// Building a DateTimeFormat is slow (it loads the zone's rules): one per good zone name, kept for
// the process (there are a few hundred zones; bad names are not kept).
const formatters = new Map<string, Intl.DateTimeFormat>();

function newFormatter(zone: string): Intl.DateTimeFormat {
	return new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		era: 'short',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	});
}

/** Names Intl accepts that are abbreviations, not IANA zones: "IST" would be India's, not Israel's. */
function isIanaShaped(zone: string): boolean {
	return zone.includes('/') || /^(UTC|GMT)$/i.test(zone);
}

/**
 * undefined when `zone` is an IANA zone Intl knows; otherwise a sentence saying what is wrong, e.g.
 * '"Asia/Jerusalm" is not a time zone (an IANA name such as Asia/Jerusalem or UTC)'.
 */
export function timeZoneProblem(zone: string): string | undefined {
	if (formatters.has(zone)) return undefined;
	const notAZone = (kind: string) =>
		`${JSON.stringify(String(zone))} is ${kind} (an IANA name such as Asia/Jerusalem or UTC)`;
	if (typeof zone !== 'string' || zone.trim() === '') return notAZone('not a time zone');
	let formatter: Intl.DateTimeFormat;
	try {
		formatter = newFormatter(zone);
	} catch {
		return notAZone('not a time zone');
	}
	if (!isIanaShaped(zone)) return notAZone('an abbreviation, not a time zone');
	formatters.set(zone, formatter);
	return undefined;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
	const problem = timeZoneProblem(zone);
	if (problem !== undefined) throw new RangeError(problem);
	return formatters.get(zone) as Intl.DateTimeFormat;
}

function checkInstant(utcMs: number, what: string): void {
	if (typeof utcMs !== 'number' || !Number.isFinite(utcMs)) {
		throw new RangeError(`${what} must be a finite number (got ${String(utcMs)})`);
	}
}

/** The zone's wall clock at `utcMs` (whole seconds: Intl shows no milliseconds). */
function wallClock(utcMs: number, zone: string): WallClock {
	const fields: Record<string, string> = {};
	for (const part of formatterFor(zone).formatToParts(utcMs)) fields[part.type] = part.value;
	const yearOfEra = Number(fields.year);
	// Years before 1 AD are "1 BC", "2 BC", …: year 0 is 1 BC.
	const year = /^B/i.test(fields.era ?? '') ? 1 - yearOfEra : yearOfEra;
	return {
		year,
		month: Number(fields.month),
		day: Number(fields.day),
		hour: Number(fields.hour),
		minute: Number(fields.minute),
		second: Number(fields.second),
	};
}

/** A wall clock read as if it were UTC, epoch ms (Date.UTC maps years 0–99 to 1900s: avoided). */
function wallClockAsUtcMs({ year, month, day, hour, minute, second }: WallClock): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(hour, minute, second, 0);
	return date.getTime();
}

function pad(value: number, width = 2): string {
	const sign = value < 0 ? '-' : '';
	return sign + String(Math.abs(value)).padStart(width, '0');
}

/** Minutes east of UTC in `zone` at the instant `utcMs`. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
	checkInstant(utcMs, 'utcMs');
	const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
	return (wallClockAsUtcMs(wallClock(wholeSecondMs, zone)) - wholeSecondMs) / MINUTE_MS;
}

/**
 * A Voicenter server time (epoch seconds on the account's wall clock) → the UTC instant, epoch ms.
 * In the hour a fall-back repeats, the earlier instant; in the hour a spring-forward skips, the
 * offset before the change.
 */
export function utcMsFromServerSeconds(serverSeconds: number, zone: string): number {
	checkInstant(serverSeconds, 'serverSeconds');
	const wallMs = serverSeconds * 1000;
	// The offsets a day either side bound the wall clock's possible readings (no zone changes its
	// offset twice within two days).
	const before = zoneOffsetMinutes(zone, wallMs - DAY_MS);
	const after = zoneOffsetMinutes(zone, wallMs + DAY_MS);
	const candidates = [...new Set([before, after, zoneOffsetMinutes(zone, wallMs)])]
		.map((offset) => wallMs - offset * MINUTE_MS)
		.filter((utcMs) => utcMs + zoneOffsetMinutes(zone, utcMs) * MINUTE_MS === wallMs);
	// Shown twice (fall-back): the earlier instant. Never shown (spring-forward): the offset before.
	return candidates.length > 0 ? Math.min(...candidates) : wallMs - before * MINUTE_MS;
}

/** The inverse, what Voicenter would write for that instant (whole seconds, floored). */
export function serverSecondsFromUtcMs(utcMs: number, zone: string): number {
	checkInstant(utcMs, 'utcMs');
	return Math.floor((utcMs + zoneOffsetMinutes(zone, utcMs) * MINUTE_MS) / 1000);
}

/** 'YYYY-MM-DD' of the instant on the zone's calendar. */
export function dayInZone(utcMs: number, zone: string): string {
	checkInstant(utcMs, 'utcMs');
	const { year, month, day } = wallClock(utcMs, zone);
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The UTC instant (epoch ms) at which `day` ('YYYY-MM-DD') begins in the zone. */
export function startOfDayInZone(day: string, zone: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof day === 'string' ? day : '');
	const wall =
		match === null
			? undefined
			: { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: 0, minute: 0, second: 0 };
	const midnightMs = wall === undefined ? NaN : wallClockAsUtcMs(wall);
	if (wall === undefined || new Date(midnightMs).getUTCDate() !== wall.day || new Date(midnightMs).getUTCMonth() !== wall.month - 1) {
		throw new RangeError(`${JSON.stringify(day)} is not a day (YYYY-MM-DD)`);
	}
	// A midnight the zone skips begins the day at the change, which the "offset before" rule gives.
	return utcMsFromServerSeconds(midnightMs / 1000, zone);
}

/** 'YYYY-MM-DD HH:mm:ss' on the zone's wall clock. */
export function wallClockInZone(utcMs: number, zone: string): string {
	checkInstant(utcMs, 'utcMs');
	const { year, month, day, hour, minute, second } = wallClock(utcMs, zone);
	return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
}
