import type { IDataObject } from 'n8n-workflow';

/** Field names whose values are secrets wherever they appear in a vendor answer or an error. */
const SECRET_FIELD = /pass(word|phrase)?$|secret|token|^authorization$|^sec$|^cookie$/i;

export const REDACTED = '**hidden**';

/**
 * Values of the credential that must never leave it: a password or token that a
 * vendor echoes in an error, a URL or a message is replaced wherever it appears.
 * Only values of four characters or more are treated as secrets, so that short
 * flags such as `true` or a port number are not mangled.
 */
export function secretValuesOf(credentials: IDataObject | undefined, fields: string[]): string[] {
	if (!credentials) return [];
	return fields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

/** Values of secret-named fields in a request body (e.g. a password being set): masked like credential values. */
export function secretValuesIn(body: unknown): string[] {
	const found: string[] = [];
	const walk = (node: unknown, key?: string) => {
		if (typeof node === 'string') {
			if (key !== undefined && SECRET_FIELD.test(key) && node.length >= 4) found.push(node);
		} else if (Array.isArray(node)) {
			node.forEach((entry) => walk(entry));
		} else if (node !== null && typeof node === 'object' && !Buffer.isBuffer(node)) {
			for (const [childKey, child] of Object.entries(node as Record<string, unknown>))
				walk(child, childKey);
		}
	};
	walk(body);
	return found;
}

export function redactText(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (result.includes(secret)) result = result.split(secret).join(REDACTED);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret && result.includes(encoded))
			result = result.split(encoded).join(REDACTED);
	}
	return result;
}

/** A credential value this long (a token) is masked in output too, wherever a vendor echoes it. */
const LONG_SECRET = 16;

/**
 * Output items: secret-named fields hidden, and credential values long enough to be
 * tokens masked where a vendor echoes them; nothing else touched. Runs on every record a
 * node outputs, so it costs next to nothing when there is nothing to hide: each distinct
 * key is tested once per call, and an object is copied only when something in it changes.
 * `keepFields` lists field names whose value the user explicitly asked for (e.g. the
 * password that "Generate Password" exists to return).
 */
export function redactOutput<T>(
	value: T,
	keepFields: string[] = [],
	longSecrets: string[] = [],
): T {
	// only secrets too long to occur by chance in real data (tokens), so nothing is mangled
	const echoed = longSecrets.filter((secret) => secret.length >= LONG_SECRET);
	const maskText = (text: string): string =>
		echoed.some((secret) => text.includes(secret)) ? redactText(text, echoed) : text;
	const secretKey = new Map<string, boolean>();
	const isSecret = (key: string): boolean => {
		let known = secretKey.get(key);
		if (known === undefined) {
			known = SECRET_FIELD.test(key) && !keepFields.includes(key);
			secretKey.set(key, known);
		}
		return known;
	};
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return echoed.length ? maskText(node) : node;
		if (node === null || typeof node !== 'object' || Buffer.isBuffer(node)) return node;
		if (Array.isArray(node)) {
			let copy: unknown[] | undefined;
			for (let index = 0; index < node.length; index++) {
				const entry: unknown = node[index];
				const changed = walk(entry);
				if (changed !== entry) {
					copy ??= node.slice();
					copy[index] = changed;
				}
			}
			return copy ?? node;
		}
		let copy: Record<string, unknown> | undefined;
		const record = node as Record<string, unknown>;
		for (const key in record) {
			const child = record[key];
			const changed = typeof child === 'string' && isSecret(key) ? REDACTED : walk(child);
			if (changed !== child) {
				copy ??= { ...record };
				copy[key] = changed;
			}
		}
		return copy ?? node;
	};
	return walk(value) as T;
}

/**
 * Errors: a deep copy of `value` with secret-named fields hidden and every known secret
 * value masked wherever it appears (vendors echo input in their error texts).
 */
export function redact<T>(value: T, secrets: string[]): T {
	const walk = (node: unknown, key?: string): unknown => {
		if (typeof node === 'string') {
			if (key !== undefined && SECRET_FIELD.test(key)) return REDACTED;
			return redactText(node, secrets);
		}
		if (Array.isArray(node)) return node.map((entry) => walk(entry));
		if (node !== null && typeof node === 'object' && !Buffer.isBuffer(node)) {
			const copy: Record<string, unknown> = {};
			for (const [childKey, child] of Object.entries(node as Record<string, unknown>)) {
				copy[childKey] = walk(child, childKey);
			}
			return copy;
		}
		return node;
	};
	return walk(value) as T;
}
