import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { asNodeError, isTransientFailure } from './errors';

export interface PollResult<T> {
	/** true when the operation reached a final state (success or failure) */
	done: boolean;
	/** a short word for the state, shown when the wait gives up */
	state: string;
	value: T;
}

export interface WaitOptions<T> {
	/** what is being waited for, e.g. `job 0d4b…` */
	what: string;
	timeoutSeconds: number;
	pollIntervalSeconds: number;
	poll: () => Promise<PollResult<T>>;
	itemIndex?: number;
	/** what the user can do when the wait gives up (the work may still be running) */
	hintOnTimeout?: string;
	/**
	 * Transient failures of a poll (see `isTransientFailure`: refused or reset connections,
	 * 502/503/504) count as "still running" until the timeout: for an appliance that
	 * restarts or stops its services while the work runs.
	 */
	outageTolerant?: boolean;
	/** Other consecutive poll errors tolerated before the wait fails with the last one. */
	toleratedErrors?: number;
}

type CancellableContext = { getExecutionCancelSignal?: () => AbortSignal | undefined };

/**
 * Sleeps with n8n's `sleep` in slices of at most a second, so a cancelled execution
 * stops within a second however long the wait. Resolves false when cancelled.
 */
export async function pause(ctx: object, milliseconds: number): Promise<boolean> {
	const signal = (ctx as CancellableContext).getExecutionCancelSignal?.();
	const until = Date.now() + milliseconds;
	for (;;) {
		if (signal?.aborted) return false;
		const left = until - Date.now();
		if (left <= 0) return true;
		await sleep(Math.min(left, 1000));
	}
}

/**
 * Polls until `poll` says done, the timeout passes or the execution is cancelled.
 * Uses n8n's `sleep` (no timers of our own) and reports the last state it saw.
 */
export async function waitForCompletion<T>(
	ctx: Pick<IExecuteFunctions, 'getNode'> & CancellableContext,
	options: WaitOptions<T>,
): Promise<T> {
	const started = Date.now();
	const deadline = started + options.timeoutSeconds * 1000;
	let lastState = 'none yet';
	let failures = 0;
	const stop = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, {
			description,
			itemIndex: options.itemIndex,
		});
	for (;;) {
		if (ctx.getExecutionCancelSignal?.()?.aborted) {
			throw stop(
				`Stopped waiting for ${options.what}: the execution was cancelled`,
				`Last state seen: ${lastState}. The work may still be running on the appliance.`,
			);
		}
		try {
			const result = await options.poll();
			failures = 0;
			lastState = result.state;
			if (result.done) return result.value;
		} catch (error) {
			const transient = options.outageTolerant === true && isTransientFailure(error);
			if (!transient && ++failures > (options.toleratedErrors ?? 0))
				throw asNodeError(ctx.getNode(), error, options.itemIndex);
			lastState = `${transient ? 'not reachable' : 'unknown'} (${(error as Error).message})`;
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw stop(
				`Gave up waiting for ${options.what} after ${options.timeoutSeconds} s (last state: ${lastState})`,
				`${options.hintOnTimeout ?? 'The work may still be running on the appliance.'} Raise the Timeout option to wait longer.`,
			);
		}
		if (!(await pause(ctx, Math.min(options.pollIntervalSeconds * 1000, remaining)))) continue;
	}
}

/** The `options.waitForCompletion / timeout / pollInterval` triple every async operation reads. */
export interface WaitSettings {
	waitForCompletion: boolean;
	timeout: number;
	pollInterval: number;
}

export function readWaitSettings(options: IDataObject, defaults: WaitSettings): WaitSettings {
	return {
		waitForCompletion:
			(options.waitForCompletion as boolean | undefined) ?? defaults.waitForCompletion,
		timeout: (options.timeout as number | undefined) ?? defaults.timeout,
		pollInterval: (options.pollInterval as number | undefined) ?? defaults.pollInterval,
	};
}
