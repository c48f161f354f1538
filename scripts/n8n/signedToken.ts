import { createHmac } from 'node:crypto';

/**
 * A JSON Web Token signed with HS256, as a CRM signs one for each call to the example webhooks
 * (n8n's JWT Auth checks it with the same passphrase). `alg: 'none'` leaves it unsigned, as a
 * forger would.
 */
export function signedToken(claims: Record<string, unknown>, passphrase: string, alg: 'HS256' | 'none' = 'HS256'): string {
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
	const signature = alg === 'none' ? '' : createHmac('sha256', passphrase).update(unsigned).digest('base64url');
	return `${unsigned}.${signature}`;
}

/** The Authorization header that carries such a token. */
export function bearerHeader(claims: Record<string, unknown>, passphrase: string, alg: 'HS256' | 'none' = 'HS256'): Record<string, string> {
	return { Authorization: `Bearer ${signedToken(claims, passphrase, alg)}` };
}

/** The passphrase with its last character changed: a guess one character away. */
export function oneCharacterOff(passphrase: string): string {
	return `${passphrase.slice(0, -1)}${passphrase.endsWith('x') ? 'y' : 'x'}`;
}

/** Claims for a token that names `subject` and expires `lifetimeSeconds` from now. */
export function claimsFor(subject: string, lifetimeSeconds: number): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000);
	return { sub: subject, iat: now, exp: now + lifetimeSeconds };
}
