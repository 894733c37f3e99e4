/**
 * What every node's tests check the same way: what a user can read of a run, that no
 * secret is in it, and that a run failed with a given error and produced nothing.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { HarnessError } from './index';

export interface VisibleRun {
	items?: INodeExecutionData[];
	error?: unknown;
	logs?: string[];
	runData?: unknown;
}

/** Everything a user can see of a run, as one string: output items, the error, log lines, run data. */
export function visibleText(result: VisibleRun): string {
	return JSON.stringify({
		items: (result.items ?? []).map((item) => item.json),
		error: result.error,
		logs: result.logs ?? [],
		run: result.runData,
	});
}

/** None of `secrets` (each long enough to be found only where it leaked) is in `text`. */
export function expectNoSecrets(text: string, secrets: string[]): void {
	expect(secrets.length).toBeGreaterThan(0);
	for (const secret of secrets) {
		expect(secret.length).toBeGreaterThan(8);
		expect(text).not.toContain(secret);
	}
}

export interface ExpectedFailure {
	httpCode?: string | null;
	message?: string | RegExp;
	description?: RegExp[];
}

/** The run failed with this error and produced no item. */
export function expectFailed(
	result: { status: string; items: INodeExecutionData[]; error?: HarnessError },
	expected: ExpectedFailure,
): void {
	expect(result.status).toBe('error');
	expect(result.items).toEqual([]);
	if (typeof expected.message === 'string') expect(result.error?.message).toBe(expected.message);
	else if (expected.message) expect(result.error?.message).toMatch(expected.message);
	if (expected.httpCode !== undefined) expect(result.error?.httpCode).toBe(expected.httpCode);
	for (const pattern of expected.description ?? []) {
		expect(result.error?.description).toMatch(pattern);
	}
}

/** Removes `parameters` from n8n node objects (anything with a `typeVersion`) inside a parsed value. */
function withoutNodeParameters(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNodeParameters);
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		if (key === 'parameters' && 'typeVersion' in (value as object)) continue;
		copy[key] = withoutNodeParameters(child);
	}
	return copy;
}

/**
 * visibleText() minus the node's own parameters that n8n-core copies into a failed run:
 * the error carries the node, and the node carries the parameters as the user typed them
 * (a password among them), both in the run data and in n8n's "Workflow execution finished
 * with error" log line. That copy is n8n's, not the node's: a node cannot keep it out.
 * Everything the node produces (items, message, description, error response, its log
 * lines) is still checked.
 */
export function visibleTextOutsideParameters(result: VisibleRun): string {
	const logs = (result.logs ?? []).map((line) => {
		for (let at = line.indexOf('{'); at !== -1; at = line.indexOf('{', at + 1)) {
			try {
				const meta: unknown = JSON.parse(line.slice(at));
				return `${line.slice(0, at)}${JSON.stringify(withoutNodeParameters(meta))}`;
			} catch {
				// not the start of the metadata
			}
		}
		return line;
	});
	return visibleText({
		...result,
		logs,
		runData:
			result.runData === undefined
				? undefined
				: withoutNodeParameters(JSON.parse(JSON.stringify(result.runData))),
	});
}
