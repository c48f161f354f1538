import { PAUSE_COLUMNS, type PauseRow, type ReportContext } from '../nodes/Voicenter/ledger/ledgerTypes';
import { daysOfRange } from '../nodes/Voicenter/ledger/report/reportChart';
import { reportCsv } from '../nodes/Voicenter/ledger/report/reportCsv';
import { reportPage } from '../nodes/Voicenter/ledger/report/reportPage';
import { durationText } from '../nodes/Voicenter/ledger/report/reportText';
import { readReportRequest, readWindow, tooManyEntries } from '../nodes/Voicenter/ledger/reportRequest';

const JERUSALEM = 'Asia/Jerusalem';

let nextId = 1;

/** A pause as pairPauses gives it: a CRM mute resumed by the flow, verified both ways, with its recording. */
function pauseRow(overrides: Partial<PauseRow> = {}): PauseRow {
	const id = overrides.id ?? nextId++;
	return {
		id,
		callId: `1783${String(id).padStart(6, '0')}a1b2c3`,
		extension: '1001',
		callerNumber: '•••••••456',
		pausedAt: '2026-07-01T08:00:05.120Z',
		resumedAt: '2026-07-01T08:01:12.480Z',
		pauseSeconds: 67.36,
		ending: 'flow',
		pausedBy: 'crm:salesforce',
		pausedVia: 'webhook',
		resumedBy: 'crm:salesforce',
		resumedVia: 'resume',
		muteActionId: `act-m-${id}`,
		unmuteActionId: `act-u-${id}`,
		muteVerified: true,
		unmuteVerified: true,
		problem: '',
		muteExecution: `wf-ledger/${1000 + id}`,
		recordingUrl: `https://cpanel.voicenter.example/recordings/${id}.mp3`,
		callStartedAt: '2026-07-01T07:58:40.000Z',
		callEndedAt: '2026-07-01T08:05:00.000Z',
		recordingFrom: 85,
		recordingTo: 152,
		recordingInterval: '01:25–02:32',
		...overrides,
	};
}

/** What the auditor asked for (read as Read Report Request reads it), on the day after the last. */
function context(
	fromDay: string,
	toDay: string,
	timeZone = JERUSALEM,
	overrides: Partial<Omit<ReportContext, 'request'>> & { format?: 'html' | 'csv' } = {},
): ReportContext {
	const { format = 'html', ...rest } = overrides;
	const dayAfter = new Date(Date.parse(`${toDay}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const read = readReportRequest({ from: fromDay, to: toDay, format }, timeZone, Date.parse(`${dayAfter}T09:00:00.000Z`));
	if (!('request' in read)) throw new Error(read.problem);
	return {
		request: read.request,
		now: `${dayAfter}T09:00:00.000Z`,
		lastWrittenAt: `${toDay}T20:15:30.000Z`,
		...rest,
	};
}

/** The texts of the chart's bars' <title>s ("2026-07-02: 1 pause"). */
function barTitles(body: string): string[] {
	const svg = /<svg[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
	return [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((match) => match[1]);
}

/** One section of the page, from its <h2> to the next. */
function section(body: string, title: string): string {
	const start = body.indexOf(`<h2>${title} <span class="count">`);
	if (start < 0) throw new Error(`no section "${title}"`);
	const end = body.indexOf('<h2>', start + 4);
	return body.slice(start, end < 0 ? undefined : end);
}

function countOf(body: string, title: string): number {
	const match = /<span class="count">(\d+)<\/span>/.exec(section(body, title));
	return Number(match?.[1]);
}

/** A CSV body split into lines of cells (for bodies without quoted line ends). */
function csvLines(body: string): string[] {
	expect(body.endsWith('\r\n')).toBe(true);
	return body.slice(0, -2).split('\r\n');
}

describe('reportCsv', () => {
	test('a header of PAUSE_COLUMNS and one line a pause, CRLF line ends, times UTC ISO', () => {
		const row = pauseRow({ id: 41, callId: '1783000041abc', unmuteVerified: null, problem: '' });
		const csv = reportCsv([row], context('2026-07-01', '2026-07-03', JERUSALEM, { format: 'csv' }));

		expect(csv.contentType).toBe('text/csv; charset=utf-8');
		expect(csv.fileName).toBe('pause-ledger-2026-07-01-to-2026-07-03.csv');
		const lines = csvLines(csv.body);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toBe(PAUSE_COLUMNS.join(','));
		expect(lines[0]).toBe(
			'id,callId,extension,callerNumber,pausedAt,resumedAt,pauseSeconds,ending,pausedBy,pausedVia,resumedBy,resumedVia,' +
				'muteActionId,unmuteActionId,muteVerified,unmuteVerified,problem,recordingUrl,callStartedAt,callEndedAt,' +
				'recordingInterval,recordingFrom,recordingTo',
		);
		expect(lines[1]).toBe(
			'41,1783000041abc,1001,•••••••456,2026-07-01T08:00:05.120Z,2026-07-01T08:01:12.480Z,67.36,flow,crm:salesforce,webhook,' +
				'crm:salesforce,resume,act-m-41,act-u-41,true,,,https://cpanel.voicenter.example/recordings/41.mp3,' +
				'2026-07-01T07:58:40.000Z,2026-07-01T08:05:00.000Z,01:25–02:32,85,152',
		);
		// No \n without its \r.
		expect(csv.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	test('no rows: the header alone', () => {
		expect(reportCsv([], context('2026-07-01', '2026-07-01')).body).toBe(`${PAUSE_COLUMNS.join(',')}\r\n`);
	});

	test('null cells are empty, a pause with no pause time included', () => {
		const row = pauseRow({ pausedAt: null, pauseSeconds: null, muteVerified: null, recordingUrl: null, recordingFrom: null, recordingTo: null, recordingInterval: null });
		const [, line] = csvLines(reportCsv([row], context('2026-07-01', '2026-07-01')).body);
		const cells = line.split(',');
		const cell = (column: keyof PauseRow) => cells[PAUSE_COLUMNS.indexOf(column)];
		expect(cells).toHaveLength(PAUSE_COLUMNS.length);
		expect(cell('pausedAt')).toBe('');
		expect(cell('resumedAt')).toBe('2026-07-01T08:01:12.480Z');
		expect(cell('pauseSeconds')).toBe('');
		expect(cell('muteVerified')).toBe('');
		expect(cell('recordingUrl')).toBe('');
	});

	test.each([
		['=SUM(1)', "'=SUM(1)"],
		['+1', "'+1"],
		['-1', "'-1"],
		['@x', "'@x"],
		['\tcmd', "'\tcmd"],
		['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
		['\r=1', `"'\r=1"`],
		['a=1', 'a=1'],
	])('a cell a spreadsheet would run, %j, is kept as text: %j', (value, cell) => {
		const row = pauseRow({ id: 7, problem: value });
		const body = reportCsv([row], context('2026-07-01', '2026-07-01')).body;
		// problem is followed by recordingUrl.
		expect(body).toContain(`,act-u-7,true,true,${cell},https://cpanel.voicenter.example/recordings/7.mp3,`);
	});

	test('quotes, commas and line ends are quoted as RFC 4180 says (quotes doubled)', () => {
		const row = pauseRow({
			extension: '10,01',
			pausedBy: 'agent "Dana"',
			problem: 'resume failed at 10:02\nVoicenter said: busy\r\nretried',
			recordingInterval: 'no quotes here',
		});
		const { body } = reportCsv([row], context('2026-07-01', '2026-07-01'));
		expect(body).toContain(',"10,01",');
		expect(body).toContain(',"agent ""Dana""",');
		expect(body).toContain(',"resume failed at 10:02\nVoicenter said: busy\r\nretried",');
		expect(body).toContain(',no quotes here,');
		expect(body.endsWith(',85,152\r\n')).toBe(true);
	});

	test('100,000 rows: one line each', () => {
		const rows = Array.from({ length: 100_000 }, (_, i) => pauseRow({ id: i + 1 }));
		const { body } = reportCsv(rows, context('2026-07-01', '2026-07-31'));
		expect(body.split('\r\n')).toHaveLength(100_002);
	});
});

describe('reportPage', () => {
	test('an HTML page with the summary, the chart, the five tables and the CSV link', () => {
		const rows = [
			pauseRow({ pauseSeconds: 30 }),
			pauseRow({ pauseSeconds: 187, callId: 'longest-call' }),
			pauseRow({ ending: 'open', resumedAt: null, pauseSeconds: null, unmuteVerified: null, resumedBy: '', resumedVia: '' }),
			pauseRow({ ending: 'callEnded', pauseSeconds: 90, unmuteVerified: null }),
			pauseRow({ ending: 'notPaused', pauseSeconds: null, problem: 'Voicenter answered 503' }),
			pauseRow({ ending: 'crm', muteVerified: null, pauseSeconds: 60 }),
		];
		const page = reportPage(rows, context('2026-07-01', '2026-07-03'));

		expect(page.contentType).toBe('text/html; charset=utf-8');
		expect(page.body.startsWith('<!doctype html>')).toBe(true);
		expect(page.body).toContain('<h1>Recording pauses, 2026-07-01 to 2026-07-03</h1>');
		expect(page.body).toContain('<a href="?from=2026-07-01&amp;to=2026-07-03&amp;format=csv">Download these rows as CSV</a>');
		expect(page.body).toContain('<div>Pauses<b>5</b></div>');
		expect(page.body).toContain('<div>Calls<b>5</b></div>');
		// 30, 60, 90, 187 (the open one has no length, the failed attempt is no pause): (60 + 90) / 2.
		expect(page.body).toContain('<div>Median pause<b>1 min 15 s</b></div>');
		expect(page.body).toContain('<div>Longest pause<b>3 min 07 s</b><span class="id">longest-call</span></div>');
		expect(page.body).toContain('<div class="warn">Still paused now<b>1</b></div>');
		expect(page.body).toContain('<div class="warn">Failed attempts<b>1</b></div>');

		expect(countOf(page.body, 'Still paused now')).toBe(1);
		// The open one (no resume to verify is fine, but) the crm one was never read back.
		expect(countOf(page.body, 'Pauses not verified')).toBe(1);
		expect(section(page.body, 'Pauses not verified')).toContain('not asked / yes');
		expect(countOf(page.body, 'Calls that ended while paused')).toBe(1);
		expect(countOf(page.body, 'Attempts that did not pause the recording')).toBe(1);
		expect(section(page.body, 'Attempts that did not pause the recording')).toContain('NOT paused (attempt failed)');
		expect(countOf(page.body, 'Every pause')).toBe(5);
		expect(section(page.body, 'Every pause')).not.toContain('Voicenter answered 503');
	});

	test('the endings read as the Code node wrote them; an unknown ending as written', () => {
		const rows = ['open', 'crm', 'flow', 'agent', 'timeLimit', 'watchdog', 'aiTool', 'outsideN8n', 'callEnded', 'somethingNew', 'constructor'].map(
			(ending) => pauseRow({ ending }),
		);
		const every = section(reportPage(rows, context('2026-07-01', '2026-07-01')).body, 'Every pause');
		for (const words of [
			'still paused',
			'resumed by the CRM',
			'the flow&#39;s own resume',
			'resumed by the agent',
			'time limit',
			'resumed by the watchdog',
			'resumed by an AI tool',
			'resumed outside n8n',
			'call ended while paused',
			'<td>somethingNew</td>',
			'<td>constructor</td>',
		]) {
			expect(every).toContain(words);
		}
	});

	test('every value is escaped: a callId of <script> is text', () => {
		const row = pauseRow({
			callId: '<script>alert(1)</script>',
			extension: '"><img src=x onerror=alert(2)>',
			pausedBy: "O'Brien & co",
			problem: '</td></tr><script>',
			recordingUrl: 'https://rec.example/a.mp3?x="><script>',
			recordingInterval: '<b>01:25</b>',
			ending: '<i>new</i>',
			pauseSeconds: 999,
		});
		const { body } = reportPage([row], context('2026-07-01', '2026-07-01'));
		expect(body).not.toMatch(/<script/i);
		expect(body).not.toContain('<img');
		expect(body).not.toContain('<i>');
		expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
		expect(body).toContain('O&#39;Brien &amp; co');
		expect(body).toContain('href="https://rec.example/a.mp3?x=&quot;&gt;&lt;script&gt;#t=85,152">&lt;b&gt;01:25&lt;/b&gt;</a>');
		// The longest pause box names the call, escaped too.
		expect(body).toContain('<span class="id">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
	});

	test('each pause links to its recording at the paused interval; no link without one', () => {
		const rows = [
			pauseRow({ recordingUrl: 'https://cpanel.voicenter.example/r/77.mp3', recordingFrom: 12, recordingTo: 47, recordingInterval: '00:12–00:47' }),
			pauseRow({ callId: 'no-record-yet', recordingUrl: null, recordingFrom: null, recordingTo: null, recordingInterval: null }),
			pauseRow({ callId: 'not-http', recordingUrl: 'javascript:alert(1)', recordingFrom: 1, recordingTo: 2 }),
		];
		const every = section(reportPage(rows, context('2026-07-01', '2026-07-01')).body, 'Every pause');
		expect(every).toContain('<a href="https://cpanel.voicenter.example/r/77.mp3#t=12,47">00:12–00:47</a>');
		expect(every.match(/no recording yet/g)).toHaveLength(2);
		expect(every).not.toContain('javascript:');
	});

	test('a pause at 2026-07-01T22:30:00Z counts on 2026-07-02 in Asia/Jerusalem and on 2026-07-01 in UTC', () => {
		const rows = [pauseRow({ pausedAt: '2026-07-01T22:30:00.000Z' })];

		const jerusalem = reportPage(rows, context('2026-07-01', '2026-07-02', JERUSALEM)).body;
		expect(barTitles(jerusalem)).toEqual(['2026-07-01: 0 pauses', '2026-07-02: 1 pause']);
		expect(section(jerusalem, 'Every pause')).toContain('<td>2026-07-02 01:30:00</td>');

		const utc = reportPage(rows, context('2026-07-01', '2026-07-02', 'UTC')).body;
		expect(barTitles(utc)).toEqual(['2026-07-01: 1 pause', '2026-07-02: 0 pauses']);
		expect(section(utc, 'Every pause')).toContain('<td>2026-07-01 22:30:00</td>');
	});

	test('a range across the 2026-10-25 change of clocks lists each day once, the 25-hour day whole', () => {
		const rows = [
			// 23:30 on the 25th in Jerusalem (UTC+2 since 02:00 that day): the 25th's 25th hour.
			pauseRow({ pausedAt: '2026-10-25T21:30:00.000Z' }),
			// 00:30 on the 26th.
			pauseRow({ pausedAt: '2026-10-25T22:30:00.000Z' }),
			// 00:30 on the 25th (still UTC+3).
			pauseRow({ pausedAt: '2026-10-24T21:30:00.000Z' }),
		];
		const { body } = reportPage(rows, context('2026-10-24', '2026-10-27'));
		expect(barTitles(body)).toEqual(['2026-10-24: 0 pauses', '2026-10-25: 2 pauses', '2026-10-26: 1 pause', '2026-10-27: 0 pauses']);
		expect(body).toContain('Times in Asia/Jerusalem (UTC+03:00 / +02:00)');
	});

	test('days are walked by date: a spring-forward day, a leap day, a year end', () => {
		expect(daysOfRange('2026-03-07', '2026-03-09')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
		expect(daysOfRange('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
		expect(daysOfRange('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
		expect(daysOfRange('2026-07-02', '2026-07-01')).toEqual([]);
		expect(daysOfRange('2025-01-01', '2026-12-31')).toHaveLength(400);
		expect(() => daysOfRange('2026-02-30', '2026-03-01')).toThrow(RangeError);

		const { body } = reportPage([], context('2026-03-26', '2026-03-28', 'America/New_York'));
		expect(barTitles(body)).toEqual(['2026-03-26: 0 pauses', '2026-03-27: 0 pauses', '2026-03-28: 0 pauses']);
	});

	test('the page names the zone, when the ledger was last written and when it was read, on that clock', () => {
		const summer = context('2026-07-01', '2026-07-02', JERUSALEM, {
			lastWrittenAt: '2026-07-02T20:15:30.000Z',
			now: '2026-07-03T09:00:00.000Z',
		});
		const { body } = reportPage([pauseRow()], summer);
		const top = body.slice(0, body.indexOf('<div class="summary">'));
		expect(top).toContain('Times in Asia/Jerusalem (UTC+03:00)');
		expect(top).toContain('last written 2026-07-02 23:15:30');
		expect(top).toContain('read 2026-07-03 12:00:00');
		expect(body).not.toContain(' UTC<');
		expect(section(body, 'Every pause')).toContain('<td>2026-07-01 11:00:05</td>');

		const empty = reportPage([], context('2026-07-01', '2026-07-02', 'UTC', { lastWrittenAt: null })).body;
		expect(empty).toContain('never written');
		expect(empty).toContain('Times in UTC (UTC+00:00)');
		expect(countOf(empty, 'Every pause')).toBe(0);
		expect(section(empty, 'Every pause')).toContain('None.');
		expect(barTitles(empty)).toEqual(['2026-07-01: 0 pauses', '2026-07-02: 0 pauses']);
	});

	test('a resume whose pause is not in the ledger is shown in "Every pause", not dropped', () => {
		const orphan = pauseRow({
			callId: 'resume-without-pause',
			pausedAt: null,
			pauseSeconds: null,
			ending: 'crm',
			pausedBy: '',
			pausedVia: '',
			muteVerified: null,
			muteActionId: '',
			recordingFrom: null,
			recordingTo: null,
			recordingInterval: null,
		});
		const { body } = reportPage([pauseRow(), orphan], context('2026-07-01', '2026-07-01'));
		const every = section(body, 'Every pause');
		expect(countOf(body, 'Every pause')).toBe(2);
		const orphanRow = every.split('<tr>').find((tr) => tr.includes('resume-without-pause')) ?? '';
		expect(orphanRow).toContain('not in the ledger');
		expect(orphanRow).toContain('—');
		// On the chart it has no day, and the page says so.
		expect(barTitles(body)).toEqual(['2026-07-01: 1 pause']);
		expect(body).toContain('1 pause is not on the chart');
	});

	test('a zone that is not one is refused, not shown as UTC', () => {
		expect(() => reportPage([], context('2026-07-01', '2026-07-01', 'Etc/UTC'))).not.toThrow();
		const bad = context('2026-07-01', '2026-07-01');
		bad.request.timeZone = 'Asia/Jerusalm';
		expect(() => reportPage([], bad)).toThrow(/Asia\/Jerusalm/);
	});
});

describe('durationText', () => {
	test.each([
		[null, '—'],
		[0, '0 min 00 s'],
		[59.6, '1 min 00 s'],
		[67.36, '1 min 07 s'],
		[187, '3 min 07 s'],
		[3725, '62 min 05 s'],
	])('%p seconds: %p', (seconds, text) => {
		expect(durationText(seconds)).toBe(text);
	});
});

describe("a large centre's range on one page", () => {
	test('a table shows its first 1,000 pauses and says how many more there are, linking the CSV of the same days; the counts stay whole', () => {
		const rows = Array.from({ length: 1250 }, () => pauseRow());
		const { body } = reportPage(rows, context('2026-07-01', '2026-07-31'));
		const every = section(body, 'Every pause');
		expect(countOf(body, 'Every pause')).toBe(1250);
		expect(every.match(/<tr><td>/g)).toHaveLength(1000);
		expect(every).toContain('The first 1000 are shown; 250 more are not on this page: <a href="?from=2026-07-01&amp;to=2026-07-31&amp;format=csv">download every row as CSV</a>, or ask for fewer days.');
		expect(body).toContain('Pauses<b>1250</b>');
	});

	test('a table of 1,000 pauses or fewer says nothing more', () => {
		const { body } = reportPage(Array.from({ length: 1000 }, () => pauseRow()), context('2026-07-01', '2026-07-31'));
		expect(section(body, 'Every pause').match(/<tr><td>/g)).toHaveLength(1000);
		expect(body).not.toContain('more are not on this page');
	});
});

describe('readWindow: the instants the report reads the ledger between', () => {
	const now = Date.parse('2026-07-10T09:30:00.000Z');
	const request = (from: string, to: string) => {
		const read = readReportRequest({ from, to }, JERUSALEM, now);
		if (!('request' in read)) throw new Error(read.problem);
		return read.request;
	};

	test('days gone by: a day either side, for facts written after midnight', () => {
		expect(readWindow(request('2026-07-01', '2026-07-03'), now)).toEqual({ readFrom: '2026-06-29T21:00:00.000Z', readTo: '2026-07-04T20:59:59.999Z', readAtMost: 50_001 });
	});

	test("a range up to today stops at the moment of asking, so what a busy centre writes while the report reads stays out of it (n8n's paged read fails when its range grows)", () => {
		expect(readWindow(request('2026-07-01', '2026-07-10'), now)).toEqual({ readFrom: '2026-06-29T21:00:00.000Z', readTo: '2026-07-10T09:30:00.000Z', readAtMost: 50_001 });
	});

	test('days holding more than a report reads are told to ask for fewer, naming the days', () => {
		expect(tooManyEntries(request('2026-01-01', '2026-06-30'))).toBe(
			'The pause ledger holds more than 50,000 entries for 2026-01-01 to 2026-06-30: more than one report reads. ' +
				'Ask for fewer days (?from=2026-01-01&to=2026-01-01 and onwards), as a page or with &format=csv.',
		);
	});
});
