/**
 * How the simulated Voicenter applies an accepted MuteUnmuteCalls request to its calls. Real
 * Voicenter applies it at once; the other behaviours let tests prove that a verified mute notices
 * a server that applies it late, never, or the wrong way round.
 */
export type MuteBehaviour =
	| { kind: 'immediate' }
	| { kind: 'late'; ms: number }
	| { kind: 'never' }
	| { kind: 'inverted' };

export function parseMuteBehaviour(value: unknown): MuteBehaviour {
	const candidate = value as { kind?: unknown; ms?: unknown } | null;
	switch (candidate?.kind) {
		case 'immediate':
		case 'never':
		case 'inverted':
			return { kind: candidate.kind };
		case 'late':
			if (typeof candidate.ms === 'number' && candidate.ms >= 0) return { kind: 'late', ms: candidate.ms };
			throw new Error('a "late" mute behaviour needs ms >= 0');
		default:
			throw new Error('mute behaviour kind must be immediate, late, never or inverted');
	}
}
