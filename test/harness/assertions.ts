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
