/**
 * The simulated account's clock. Voicenter's servers write epoch seconds on the account's wall
 * clock, not in UTC: what they send is the UTC seconds plus the zone's offset at that instant
 * (Israel: +2 h in winter, +3 h in summer). The simulator keeps true UTC seconds inside and writes
 * them this way only in what goes out over HTTP (Active Calls' callStarted and callAnswered, the
 * CDR's time).
 *
 * Written apart from the node's own conversion (nodes/Voicenter/helpers/voicenterClock.ts) on
 * purpose, and differently (Intl's "longOffset" name, not the wall clock's fields), so that a
 * mistake in one shows up as a difference from the other in the tests.
 */

export const DEFAULT_ACCOUNT_TIME_ZONE = 'Asia/Jerusalem';

const offsetNames = new Map<string, Intl.DateTimeFormat>();

function offsetNameFormat(zone: string): Intl.DateTimeFormat {
	let format = offsetNames.get(zone);
	if (format === undefined) {
		format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
		offsetNames.set(zone, format);
	}
	return format;
}

/** The account's zone, default Asia/Jerusalem; throws for anything Intl does not know as a zone. */
export function parseAccountTimeZone(value: unknown): string {
	if (value === undefined) return DEFAULT_ACCOUNT_TIME_ZONE;
	const problem = `accountTimeZone must be an IANA time zone name such as Asia/Jerusalem or UTC (got ${JSON.stringify(value) ?? String(value)})`;
	if (typeof value !== 'string' || value === '' || value !== value.trim()) throw new Error(problem);
	try {
		offsetNameFormat(value);
	} catch {
		throw new Error(problem);
	}
	return value;
}

/** Seconds east of UTC in `zone` at the epoch second `utcSeconds`, read from "GMT+03:00" and the like. */
export function offsetSecondsAt(zone: string, utcSeconds: number): number {
	const name = offsetNameFormat(zone)
		.formatToParts(new Date(utcSeconds * 1000))
		.find((part) => part.type === 'timeZoneName')?.value;
	// "GMT" alone is UTC itself; some offsets of old local mean times carry seconds.
	const match = /^GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(name ?? '');
	if (match === null) throw new Error(`cannot read the UTC offset of ${zone} from ${JSON.stringify(name)}`);
	if (match[1] === undefined) return 0;
	const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
	return match[1] === '-' ? -seconds : seconds;
}

/** What Voicenter writes for the UTC epoch second `utcSeconds`: that second on the account's wall clock. */
export function accountClockSeconds(utcSeconds: number, zone: string): number {
	return utcSeconds + offsetSecondsAt(zone, utcSeconds);
}
