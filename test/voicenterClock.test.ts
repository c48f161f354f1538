import fc from 'fast-check';

import {
	DEFAULT_ACCOUNT_TIME_ZONE,
	dayInZone,
	serverSecondsFromUtcMs,
	startOfDayInZone,
	timeZoneProblem,
	utcMsFromServerSeconds,
	wallClockInZone,
	zoneOffsetMinutes,
} from '../nodes/Voicenter/helpers/voicenterClock';
import { accountClockSeconds } from '../simulator/accountClock';

// Known values, not computed by the code under test. Israel's 2026 summer time (checked against
// Node's Intl): it starts on Friday 2026-03-27 at 02:00 local, when clocks go to 03:00
// (2026-03-27T00:00Z), and ends on Sunday 2026-10-25 at 02:00 local, when clocks go back to 01:00
// (2026-10-24T23:00Z).
const JERUSALEM = 'Asia/Jerusalem';
const KOLKATA = 'Asia/Kolkata';
const SPRING_FORWARD = Date.parse('2026-03-27T00:00:00Z');
const FALL_BACK = Date.parse('2026-10-24T23:00:00Z');

const utc = (iso: string) => Date.parse(iso);
/** What Voicenter writes for a wall-clock reading: that reading as if it were UTC, in seconds. */
const wall = (reading: string) => Date.parse(`${reading.replace(' ', 'T')}Z`) / 1000;

describe('the default zone and bad names', () => {
	test('the default is Israel', () => {
		expect(DEFAULT_ACCOUNT_TIME_ZONE).toBe('Asia/Jerusalem');
		expect(timeZoneProblem(DEFAULT_ACCOUNT_TIME_ZONE)).toBeUndefined();
	});

	test.each([['Asia/Jerusalem'], ['UTC'], ['Asia/Kolkata'], ['America/New_York'], ['Etc/GMT-2'], ['asia/jerusalem']])(
		'%s is a time zone',
		(zone) => expect(timeZoneProblem(zone)).toBeUndefined(),
	);

	test('a misspelt name is refused with a sentence naming it', () => {
		expect(timeZoneProblem('Asia/Jerusalm')).toBe(
			'"Asia/Jerusalm" is not a time zone (an IANA name such as Asia/Jerusalem or UTC)',
		);
	});

	test.each([[''], ['  '], ['Jerusalem'], [' UTC'], ['+02:00'], ['GMT+2'], ['Israel Standard Time']])(
		'%j is refused',
		(zone) => expect(timeZoneProblem(zone)).toMatch(/^".*" is .*not a time zone \(an IANA name such as Asia\/Jerusalem or UTC\)$/),
	);

	test('an abbreviation Intl would take is refused: "IST" would be India, not Israel', () => {
		expect(timeZoneProblem('IST')).toBe('"IST" is an abbreviation, not a time zone (an IANA name such as Asia/Jerusalem or UTC)');
		expect(timeZoneProblem('EST')).toMatch(/abbreviation/);
	});

	test('the conversions refuse a bad zone with the same sentence', () => {
		expect(() => zoneOffsetMinutes('Asia/Jerusalm', 0)).toThrow('"Asia/Jerusalm" is not a time zone');
		expect(() => utcMsFromServerSeconds(0, 'Asia/Jerusalm')).toThrow(RangeError);
		expect(() => serverSecondsFromUtcMs(0, 'IST')).toThrow(/abbreviation/);
		expect(() => dayInZone(0, '')).toThrow(/not a time zone/);
		expect(() => startOfDayInZone('2026-01-01', 'Nowhere/City')).toThrow(/not a time zone/);
		expect(() => wallClockInZone(0, 'Nowhere/City')).toThrow(/not a time zone/);
	});

	test('instants and days that are not ones are refused', () => {
		expect(() => zoneOffsetMinutes(JERUSALEM, NaN)).toThrow(RangeError);
		expect(() => utcMsFromServerSeconds(Infinity, JERUSALEM)).toThrow(RangeError);
		expect(() => startOfDayInZone('2026-02-30', JERUSALEM)).toThrow('"2026-02-30" is not a day (YYYY-MM-DD)');
		expect(() => startOfDayInZone('2026-7-1', JERUSALEM)).toThrow(/not a day/);
		expect(() => startOfDayInZone('2026-07-01T00:00', JERUSALEM)).toThrow(/not a day/);
	});
});

describe('offsets', () => {
	test('Israel: +120 minutes in winter, +180 in summer', () => {
		expect(zoneOffsetMinutes(JERUSALEM, utc('2026-01-15T10:00:00Z'))).toBe(120);
		expect(zoneOffsetMinutes(JERUSALEM, utc('2026-07-15T10:00:00Z'))).toBe(180);
		expect(zoneOffsetMinutes(JERUSALEM, utc('2026-12-07T09:00:00Z'))).toBe(120);
	});

	test('Israel: the changes happen at the known instants, to the second', () => {
		expect(zoneOffsetMinutes(JERUSALEM, SPRING_FORWARD - 1)).toBe(120);
		expect(zoneOffsetMinutes(JERUSALEM, SPRING_FORWARD - 1000)).toBe(120);
		expect(zoneOffsetMinutes(JERUSALEM, SPRING_FORWARD)).toBe(180);
		expect(zoneOffsetMinutes(JERUSALEM, FALL_BACK - 1)).toBe(180);
		expect(zoneOffsetMinutes(JERUSALEM, FALL_BACK)).toBe(120);
	});

	test('UTC is 0; India is +330 all year; New York is west, so negative', () => {
		expect(zoneOffsetMinutes('UTC', utc('2026-07-15T10:00:00Z'))).toBe(0);
		expect(zoneOffsetMinutes(KOLKATA, utc('2026-01-15T10:00:00Z'))).toBe(330);
		expect(zoneOffsetMinutes(KOLKATA, utc('2026-07-15T10:00:00Z'))).toBe(330);
		expect(zoneOffsetMinutes('America/New_York', utc('2026-01-15T10:00:00Z'))).toBe(-300);
		expect(zoneOffsetMinutes('America/New_York', utc('2026-07-15T10:00:00Z'))).toBe(-240);
	});

	test('milliseconds do not disturb the offset', () => {
		expect(zoneOffsetMinutes(JERUSALEM, utc('2026-01-15T10:00:00.999Z'))).toBe(120);
		expect(zoneOffsetMinutes(JERUSALEM, utc('1969-12-31T23:59:59.500Z'))).toBe(120);
	});
});

describe("Voicenter's server seconds and the UTC instant", () => {
	test('winter in Israel: the server writes UTC + 2 h', () => {
		// 2026-01-15 12:00:00 on the wall in Jerusalem is 10:00 UTC.
		expect(utcMsFromServerSeconds(wall('2026-01-15 12:00:00'), JERUSALEM)).toBe(utc('2026-01-15T10:00:00Z'));
		expect(serverSecondsFromUtcMs(utc('2026-01-15T10:00:00Z'), JERUSALEM)).toBe(wall('2026-01-15 12:00:00'));
		expect(serverSecondsFromUtcMs(utc('2026-01-15T10:00:00Z'), JERUSALEM)).toBe(1_768_478_400);
	});

	test('summer in Israel: the server writes UTC + 3 h', () => {
		expect(utcMsFromServerSeconds(wall('2026-07-15 13:00:00'), JERUSALEM)).toBe(utc('2026-07-15T10:00:00Z'));
		expect(serverSecondsFromUtcMs(utc('2026-07-15T10:00:00Z'), JERUSALEM)).toBe(wall('2026-07-15 13:00:00'));
	});

	test('UTC: the server seconds are the UTC seconds', () => {
		expect(utcMsFromServerSeconds(1_784_109_600, 'UTC')).toBe(1_784_109_600_000);
		expect(serverSecondsFromUtcMs(1_784_109_600_000, 'UTC')).toBe(1_784_109_600);
	});

	test('a half-hour zone: India writes UTC + 5 h 30', () => {
		expect(utcMsFromServerSeconds(wall('2026-07-15 15:30:00'), KOLKATA)).toBe(utc('2026-07-15T10:00:00Z'));
		expect(serverSecondsFromUtcMs(utc('2026-07-15T10:00:00Z'), KOLKATA)).toBe(wall('2026-07-15 15:30:00'));
	});

	test('whole seconds, floored', () => {
		expect(serverSecondsFromUtcMs(utc('2026-01-15T10:00:00.999Z'), JERUSALEM)).toBe(wall('2026-01-15 12:00:00'));
		expect(serverSecondsFromUtcMs(utc('1969-12-31T21:59:59.500Z'), JERUSALEM)).toBe(-1);
	});

	test('the hour a spring-forward skips: read with the offset before the change (+2 h)', () => {
		// 02:00–02:59 never shows on Israel's clocks on 2026-03-27.
		expect(utcMsFromServerSeconds(wall('2026-03-27 02:00:00'), JERUSALEM)).toBe(utc('2026-03-27T00:00:00Z'));
		expect(utcMsFromServerSeconds(wall('2026-03-27 02:30:00'), JERUSALEM)).toBe(utc('2026-03-27T00:30:00Z'));
		expect(utcMsFromServerSeconds(wall('2026-03-27 02:59:59'), JERUSALEM)).toBe(utc('2026-03-27T00:59:59Z'));
		// Either side of the gap, as the clock showed it.
		expect(utcMsFromServerSeconds(wall('2026-03-27 01:59:59'), JERUSALEM)).toBe(utc('2026-03-26T23:59:59Z'));
		expect(utcMsFromServerSeconds(wall('2026-03-27 03:00:00'), JERUSALEM)).toBe(utc('2026-03-27T00:00:00Z'));
		expect(serverSecondsFromUtcMs(SPRING_FORWARD - 1000, JERUSALEM)).toBe(wall('2026-03-27 01:59:59'));
		expect(serverSecondsFromUtcMs(SPRING_FORWARD, JERUSALEM)).toBe(wall('2026-03-27 03:00:00'));
	});

	test('the hour a fall-back repeats: the earlier instant (still summer time, +3 h)', () => {
		// 01:00–01:59 shows twice on Israel's clocks on 2026-10-25.
		expect(utcMsFromServerSeconds(wall('2026-10-25 01:00:00'), JERUSALEM)).toBe(utc('2026-10-24T22:00:00Z'));
		expect(utcMsFromServerSeconds(wall('2026-10-25 01:30:00'), JERUSALEM)).toBe(utc('2026-10-24T22:30:00Z'));
		expect(utcMsFromServerSeconds(wall('2026-10-25 01:59:59'), JERUSALEM)).toBe(utc('2026-10-24T22:59:59Z'));
		// Both instants are written the same way.
		expect(serverSecondsFromUtcMs(utc('2026-10-24T22:30:00Z'), JERUSALEM)).toBe(wall('2026-10-25 01:30:00'));
		expect(serverSecondsFromUtcMs(utc('2026-10-24T23:30:00Z'), JERUSALEM)).toBe(wall('2026-10-25 01:30:00'));
		// After the repeated hour, only winter time.
		expect(utcMsFromServerSeconds(wall('2026-10-25 02:00:00'), JERUSALEM)).toBe(utc('2026-10-25T00:00:00Z'));
		expect(utcMsFromServerSeconds(wall('2026-10-25 00:59:59'), JERUSALEM)).toBe(utc('2026-10-24T21:59:59Z'));
	});
});

describe('days and wall clocks in a zone', () => {
	test('late evening UTC is already the next day in Jerusalem', () => {
		expect(dayInZone(utc('2026-07-01T22:30:00Z'), JERUSALEM)).toBe('2026-07-02');
		expect(dayInZone(utc('2026-07-01T22:30:00Z'), 'UTC')).toBe('2026-07-01');
		expect(dayInZone(utc('2026-07-01T20:59:59Z'), JERUSALEM)).toBe('2026-07-01');
		expect(dayInZone(utc('2026-07-01T21:00:00Z'), JERUSALEM)).toBe('2026-07-02');
		// Winter: the local day turns at 22:00 UTC.
		expect(dayInZone(utc('2026-01-01T21:59:59Z'), JERUSALEM)).toBe('2026-01-01');
		expect(dayInZone(utc('2026-01-01T22:00:00Z'), JERUSALEM)).toBe('2026-01-02');
		expect(dayInZone(utc('2026-01-01T18:29:59Z'), KOLKATA)).toBe('2026-01-01');
		expect(dayInZone(utc('2026-01-01T18:30:00Z'), KOLKATA)).toBe('2026-01-02');
		// A new year.
		expect(dayInZone(utc('2026-12-31T22:00:00Z'), JERUSALEM)).toBe('2027-01-01');
	});

	test('the wall clock, to the second', () => {
		expect(wallClockInZone(utc('2026-07-01T22:30:00.999Z'), JERUSALEM)).toBe('2026-07-02 01:30:00');
		expect(wallClockInZone(utc('2026-01-15T10:00:00Z'), JERUSALEM)).toBe('2026-01-15 12:00:00');
		expect(wallClockInZone(utc('2026-01-15T10:00:00Z'), KOLKATA)).toBe('2026-01-15 15:30:00');
		expect(wallClockInZone(utc('2026-01-15T10:00:00Z'), 'UTC')).toBe('2026-01-15 10:00:00');
		// Midnight is 00, never 24.
		expect(wallClockInZone(utc('2026-01-14T22:00:00Z'), JERUSALEM)).toBe('2026-01-15 00:00:00');
		expect(wallClockInZone(SPRING_FORWARD - 1000, JERUSALEM)).toBe('2026-03-27 01:59:59');
		expect(wallClockInZone(SPRING_FORWARD, JERUSALEM)).toBe('2026-03-27 03:00:00');
		expect(wallClockInZone(FALL_BACK - 1000, JERUSALEM)).toBe('2026-10-25 01:59:59');
		expect(wallClockInZone(FALL_BACK, JERUSALEM)).toBe('2026-10-25 01:00:00');
	});

	test('where a day begins, in winter, in summer and on both change days', () => {
		expect(startOfDayInZone('2026-01-15', JERUSALEM)).toBe(utc('2026-01-14T22:00:00Z'));
		expect(startOfDayInZone('2026-07-02', JERUSALEM)).toBe(utc('2026-07-01T21:00:00Z'));
		// The change days begin at midnight before the change (the change is at 02:00).
		expect(startOfDayInZone('2026-03-27', JERUSALEM)).toBe(utc('2026-03-26T22:00:00Z'));
		expect(startOfDayInZone('2026-03-28', JERUSALEM)).toBe(utc('2026-03-27T21:00:00Z'));
		expect(startOfDayInZone('2026-10-25', JERUSALEM)).toBe(utc('2026-10-24T21:00:00Z'));
		expect(startOfDayInZone('2026-10-26', JERUSALEM)).toBe(utc('2026-10-25T22:00:00Z'));
		expect(startOfDayInZone('2026-07-02', 'UTC')).toBe(utc('2026-07-02T00:00:00Z'));
		expect(startOfDayInZone('2026-07-02', KOLKATA)).toBe(utc('2026-07-01T18:30:00Z'));
	});

	test('the change days are 23 and 25 hours long in Jerusalem', () => {
		const hours = (day: string, next: string) => (startOfDayInZone(next, JERUSALEM) - startOfDayInZone(day, JERUSALEM)) / 3_600_000;
		expect(hours('2026-03-27', '2026-03-28')).toBe(23);
		expect(hours('2026-10-25', '2026-10-26')).toBe(25);
		expect(hours('2026-07-01', '2026-07-02')).toBe(24);
	});

	test('a zone whose clocks skip midnight: the day begins at 01:00 (Chile, 2026-09-06)', () => {
		// Santiago springs forward from 00:00 to 01:00 local (04:00 UTC), from -4 h to -3 h.
		expect(startOfDayInZone('2026-09-06', 'America/Santiago')).toBe(utc('2026-09-06T04:00:00Z'));
		expect(wallClockInZone(utc('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe('2026-09-06 01:00:00');
		expect(dayInZone(utc('2026-09-06T03:59:59Z'), 'America/Santiago')).toBe('2026-09-05');
	});
});

describe('round trips (property style)', () => {
	const ZONES = [JERUSALEM, 'UTC', KOLKATA, 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Europe/London'];
	// 2000-01-01 to 2040-01-01.
	const instant = fc.integer({ min: 946_684_800_000, max: 2_208_988_800_000 });
	const zone = fc.constantFrom(...ZONES);

	test('an instant written as Voicenter writes it reads back as the same second, unless it is in a repeated hour', () => {
		fc.assert(
			fc.property(instant, zone, (utcMs, z) => {
				const seconds = serverSecondsFromUtcMs(utcMs, z);
				expect(Number.isInteger(seconds)).toBe(true);
				const back = utcMsFromServerSeconds(seconds, z);
				const second = Math.floor(utcMs / 1000) * 1000;
				// A repeated hour reads back as its earlier instant: the same wall clock, an offset apart.
				if (back !== second) {
					expect(back).toBeLessThan(second);
					expect(serverSecondsFromUtcMs(back, z)).toBe(seconds);
					expect(zoneOffsetMinutes(z, back)).toBeGreaterThan(zoneOffsetMinutes(z, second));
				}
				expect(seconds * 1000).toBe(second + zoneOffsetMinutes(z, utcMs) * 60_000);
			}),
			{ numRuns: 3000 },
		);
	});

	test('a wall-clock reading read as an instant writes back the same, unless the clock skipped it', () => {
		fc.assert(
			fc.property(instant, zone, (wallMs, z) => {
				const seconds = Math.floor(wallMs / 1000);
				const utcMs = utcMsFromServerSeconds(seconds, z);
				const written = serverSecondsFromUtcMs(utcMs, z);
				if (written !== seconds) {
					// Only in a skipped hour: read with the offset before, it lands after the change.
					expect(written - seconds).toBe((zoneOffsetMinutes(z, utcMs) - zoneOffsetMinutes(z, utcMs - 86_400_000)) * 60);
					expect(written).toBeGreaterThan(seconds);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	test('around the 2026 changes in Jerusalem, to the second: one reading back per instant, the earlier one in the repeated hour', () => {
		const HOUR = 3_600_000;
		const near = fc.oneof(
			fc.integer({ min: SPRING_FORWARD - 3 * HOUR, max: SPRING_FORWARD + 3 * HOUR }),
			fc.integer({ min: FALL_BACK - 3 * HOUR, max: FALL_BACK + 3 * HOUR }),
		);
		fc.assert(
			fc.property(near, (utcMs) => {
				const second = Math.floor(utcMs / 1000) * 1000;
				const summer = second >= SPRING_FORWARD && second < FALL_BACK;
				const seconds = serverSecondsFromUtcMs(utcMs, JERUSALEM);
				expect(seconds).toBe(second / 1000 + (summer ? 10_800 : 7_200));
				// The second winter pass through 01:00–01:59 on 2026-10-25 reads back an hour early.
				const repeated = second >= FALL_BACK && second < FALL_BACK + HOUR;
				expect(utcMsFromServerSeconds(seconds, JERUSALEM)).toBe(repeated ? second - HOUR : second);
			}),
			{ numRuns: 2000 },
		);
	});

	test('in Jerusalem every server time is 2 or 3 hours ahead of the instant it reads as', () => {
		fc.assert(
			fc.property(instant, (wallMs) => {
				const seconds = Math.floor(wallMs / 1000);
				expect([7200, 10800]).toContain(seconds - utcMsFromServerSeconds(seconds, JERUSALEM) / 1000);
			}),
			{ numRuns: 2000 },
		);
	});

	test("the day of an instant begins at or before it and the next day after it; the wall clock names that day", () => {
		fc.assert(
			fc.property(instant, zone, (utcMs, z) => {
				const day = dayInZone(utcMs, z);
				expect(wallClockInZone(utcMs, z).slice(0, 10)).toBe(day);
				const start = startOfDayInZone(day, z);
				expect(start).toBeLessThanOrEqual(utcMs);
				expect(dayInZone(start, z)).toBe(day);
				expect(dayInZone(start - 1, z)).not.toBe(day);
				const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
				expect(startOfDayInZone(next, z)).toBeGreaterThan(utcMs);
			}),
			{ numRuns: 2000 },
		);
	});

	test("agrees with the simulator's own conversion, written apart (Intl's offset names, not wall-clock fields)", () => {
		const seconds = fc.integer({ min: 946_684_800, max: 2_208_988_800 });
		fc.assert(
			fc.property(seconds, zone, (utcSeconds, z) => {
				expect(serverSecondsFromUtcMs(utcSeconds * 1000, z)).toBe(accountClockSeconds(utcSeconds, z));
			}),
			{ numRuns: 3000 },
		);
		for (const utcMs of [SPRING_FORWARD - 1000, SPRING_FORWARD, FALL_BACK - 1000, FALL_BACK]) {
			expect(serverSecondsFromUtcMs(utcMs, JERUSALEM)).toBe(accountClockSeconds(utcMs / 1000, JERUSALEM));
		}
	});
});
