import { wallClockInZone } from '../../helpers/voicenterClock';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** Any value as text: null and undefined are empty. */
export function plainText(value: unknown): string {
	return value === null || value === undefined ? '' : String(value);
}

/** Any value as HTML text, safe in an element and in a quoted attribute. */
export function escapeHtml(value: unknown): string {
	return plainText(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** How each ending reads on the page. */
export const ENDINGS: Readonly<Record<string, string>> = {
	open: 'still paused',
	crm: 'resumed by the CRM',
	flow: "the flow's own resume",
	agent: 'resumed by the agent',
	timeLimit: 'time limit',
	watchdog: 'resumed by the watchdog',
	aiTool: 'resumed by an AI tool',
	outsideN8n: 'resumed outside n8n',
	callEnded: 'call ended while paused',
	notPaused: 'NOT paused (attempt failed)',
};

/** The ending's words; an ending the page does not know is shown as written. */
export function endingText(ending: string): string {
	return Object.prototype.hasOwnProperty.call(ENDINGS, ending) ? ENDINGS[ending] : plainText(ending);
}

/** "3 min 07 s"; "—" when there is no length. Rounded to the second before it is split. */
export function durationText(seconds: number | null | undefined): string {
	if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '—';
	const whole = Math.round(Math.abs(seconds));
	const sign = seconds < 0 && whole > 0 ? '-' : '';
	return `${sign}${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** Whether a state was read back, as HTML: yes, a red no, or not asked. */
export function verifiedHtml(value: boolean | null | undefined): string {
	return value === true ? 'yes' : value === false ? '<b class="bad">no</b>' : 'not asked';
}

/** The UTC instant (epoch ms) of an ISO time; NaN when there is none. */
export function instantOf(iso: string | null | undefined): number {
	return typeof iso === 'string' && iso !== '' ? Date.parse(iso) : NaN;
}

/**
 * A UTC ISO time as text on the zone's wall clock ('YYYY-MM-DD HH:mm:ss'); "—" when there is none,
 * and the text as written when it is not a time.
 */
export function timeText(iso: string | null | undefined, zone: string): string {
	if (iso === null || iso === undefined || iso === '') return '—';
	const ms = instantOf(iso);
	return Number.isNaN(ms) ? plainText(iso) : wallClockInZone(ms, zone);
}

/** '+03:00', '-04:30', '+00:00'. */
export function offsetText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const whole = Math.abs(minutes);
	return `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
