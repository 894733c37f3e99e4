import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, isTransientFailure, mayHaveArrived } from './errors';
import type { ApplianceClient, ApplianceRequest } from './request';
import { collection, schemas, z } from './validation';
import { pause } from './wait';

/**
 * Long-running work, one way for every node. A node declares each kind of job once, in
 * its transport (how to start it, how to look at it, how to read its state, what an outage
 * means while it runs); `runJob` does the rest, whether it starts the work or follows work
 * started before: one client for the whole wait, one poll retry rule, cancellation within a
 * second, and errors that say the work was started and how to check it before starting it
 * again. No node waits on its own.
 */

/** What one look at the job says, decided from its state fields, never from message text. */
export interface JobVerdict {
	outcome: 'running' | 'succeeded' | 'failed';
	/** the vendor's word for the state, shown when a wait gives up */
	state: string;
	/** for `failed`: the vendor's own words, and (in the description) whose and why */
	failure?: { message: string; description?: string };
}

/**
 * The verdict of a job whose one status field says it all: `succeeded` values succeed,
 * `failed` values fail with `failure(state)`, anything else is still running.
 */
export function judgeByStatus(
	state: string,
	succeeded: string[],
	failed: string[],
	failure: (state: string) => NonNullable<JobVerdict['failure']>,
): JobVerdict {
	if (succeeded.includes(state)) return { outcome: 'succeeded', state };
	if (failed.includes(state)) return { outcome: 'failed', state, failure: failure(state) };
	return { outcome: 'running', state };
}

/** What the wait has seen so far, for kinds whose verdict depends on it (a restart). */
export interface JobWatch {
	/** when the work was started (ms since the epoch) */
	startedAt: number;
	/** whether a look failed as an outage (refused, reset, 502/503/504) */
	wentDown: boolean;
	/** when the first such look failed (ISO) */
	downSince?: string;
}

export interface JobKind<Ref = string> {
	/**
	 * how the user knows it, e.g. `ONTAP job 0d4b…` or `backup "nightly" (ID 12)`: read in
	 * "Gave up waiting for {label}" and "The {label} was started"
	 */
	label(ref: Ref): string;
	/** the id of the started work in the start call's answer (undefined: it finished at once) */
	refOf?(answer: unknown): Ref | undefined;
	/** the request of one look at it */
	look(ref: Ref): Omit<ApplianceRequest, 'retry' | 'itemIndex' | 'expect' | 'consume'>;
	/** the record in a look's answer (default: the answer itself) */
	recordOf?(answer: unknown, ref: Ref): IDataObject | undefined;
	/** running, succeeded or failed; failures carry the vendor's own words */
	judge(record: IDataObject, ref: Ref, watch: JobWatch): JobVerdict;
	/**
	 * The appliance may stop answering while this runs (a restore restarts services): a look
	 * that fails as an outage (refused, reset, 502/503/504, or no answer within the look's
	 * timeout) then counts as "still running" until the timeout, and each look is sent once
	 * (the wait itself rides the outage out).
	 */
	outageTolerant?: boolean;
	/** other failed looks in a row tolerated before the wait fails with the last one */
	toleratedErrors?: number;
	/** where the user checks it, e.g. `Job > Get (ID 12)` */
	checkWith(ref: Ref): string;
	/** added to every error once the work was started; default: check it before starting it again */
	startedNote?(ref: Ref): string;
	/**
	 * What the user should know when the start call got no answer but may have reached the
	 * appliance (a restore upload cut off): put before the error's description.
	 */
	uncertainStart?: string;
	/** A sentence put before the description of any error after the start (e.g. a 401 means...). */
	explainWaitError?(error: unknown): string | undefined;
}

/** The `options.waitForCompletion / timeout / pollInterval` triple every async operation reads. */
export interface WaitSettings {
	waitForCompletion: boolean;
	timeout: number;
	pollInterval: number;
}

export interface JobResult {
	/** the last record seen (redacted) */
	record: IDataObject;
	watch: JobWatch;
	/** when the wait saw it finished (ISO) */
	finishedAt: string;
}

const POLL_TIMEOUT_SECONDS = 30;

/**
 * For an outage-tolerant wait, a look that got no answer in time is part of the outage too
 * (an appliance starting up accepts connections before it answers). Only looks: a start
 * call that timed out is never treated so.
 */
function isOutage(error: unknown): boolean {
	if (isTransientFailure(error)) return true;
	const transport = (error as { context?: IDataObject } | undefined)?.context?.transport;
	return transport === 'ETIMEDOUT';
}

/** The note every error after the start carries: it was started, check before starting again. */
export function startedNoteOf<Ref>(kind: JobKind<Ref>, ref: Ref): string {
	return (
		kind.startedNote?.(ref) ??
		`The ${kind.label(ref)} was started: check it with ${kind.checkWith(ref)} before starting it again.`
	);
}

/** Appends the "it was started" note to an error raised after the work began (once). */
export function withStartedNote(error: unknown, note: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!(error.description ?? '').includes(note)) {
			error.description = `${error.description ?? ''} ${note}`.trim();
		}
	}
	return error;
}

/**
 * Polls the job until its kind judges it finished, the timeout passes or the execution is
 * cancelled. A failure is an error with the vendor's words; a success returns the record.
 */
async function followJob<Ref>(
	ctx: Pick<IExecuteFunctions, 'getNode'> & {
		getExecutionCancelSignal?: () => AbortSignal | undefined;
	},
	client: ApplianceClient,
	kind: JobKind<Ref>,
	ref: Ref,
	settings: Pick<WaitSettings, 'timeout' | 'pollInterval'>,
	itemIndex?: number,
	startedAt = Date.now(),
): Promise<JobResult> {
	const label = kind.label(ref);
	const note = startedNoteOf(kind, ref);
	const deadline = Date.now() + settings.timeout * 1000;
	const watch: JobWatch = { startedAt, wentDown: false };
	const stop = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { description, itemIndex });
	let lastState = 'none yet';
	let failures = 0;
	for (;;) {
		if (ctx.getExecutionCancelSignal?.()?.aborted) {
			throw stop(
				`Stopped waiting for ${label}: the execution was cancelled`,
				`Last state seen: ${lastState}. It may still be running. ${note}`,
			);
		}
		let verdict: JobVerdict | undefined;
		let record: IDataObject | undefined;
		try {
			const request = kind.look(ref);
			const answer = await client.request<unknown>({
				...request,
				// an outage is the wait's to ride out: each look is then one look
				retry: kind.outageTolerant ? 'never' : 'idempotent',
				timeout: request.timeout ?? POLL_TIMEOUT_SECONDS,
				itemIndex,
			});
			const body = client.redact(answer.body);
			record = kind.recordOf ? kind.recordOf(body, ref) : (body as IDataObject | undefined);
			if (!record || typeof record !== 'object') {
				// a job just started may not be listed yet: counts as a failed look
				throw stop(`The ${label} was not in the answer to ${request.method} ${request.path}`, note);
			}
			failures = 0;
			verdict = kind.judge(record, ref, watch);
			lastState = verdict.state;
		} catch (error) {
			const outage = kind.outageTolerant === true && isOutage(error);
			if (outage && !watch.wentDown) {
				watch.wentDown = true;
				watch.downSince = new Date().toISOString();
			}
			if (!outage && ++failures > (kind.toleratedErrors ?? 0)) {
				throw asNodeError(ctx.getNode(), withStartedNote(error, note), itemIndex);
			}
			lastState = `${outage ? 'not reachable' : 'unknown'} (${(error as Error).message})`;
		}
		if (verdict?.outcome === 'succeeded' && record) {
			return { record, watch, finishedAt: new Date().toISOString() };
		}
		if (verdict?.outcome === 'failed') {
			const failure = verdict.failure ?? { message: `The ${label} ended with ${verdict.state}` };
			throw stop(
				failure.message,
				`${failure.description ? `${failure.description} ` : ''}${kind.checkWith(ref)} shows the whole record.`,
			);
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw stop(
				`Gave up waiting for ${label} after ${settings.timeout} s (last state: ${lastState})`,
				`${
					kind.startedNote
						? `It may still be running. ${note}`
						: `It may still be running: check it with ${kind.checkWith(ref)} before starting it again.`
				} Raise the Timeout option to wait longer.`,
			);
		}
		await pause(ctx, Math.min(settings.pollInterval * 1000, remaining));
	}
}

export interface StartedJob<Ref> {
	/** the start call's answer (redacted); `{}` when following a job that was started before */
	answer: IDataObject;
	/** the id of the work; undefined when the start answer handed none (it finished at once) */
	ref?: Ref;
	/** when the start call was sent (ms since the epoch) */
	startedAt: number;
	/** with Wait for Completion: how it finished */
	result?: JobResult;
}

/** Start the work with this call, or follow work that was started before (a job ID the user has). */
export type JobFrom<Ref> = { start: ApplianceRequest } | { follow: Ref };

/** Puts `sentence` before an error's description. */
function explained(error: unknown, sentence: string | undefined): unknown {
	if (sentence && (error instanceof NodeApiError || error instanceof NodeOperationError)) {
		error.description = `${sentence} ${error.description ?? ''}`.trim();
	}
	return error;
}

/**
 * The one way a node runs long work. `start`: the call is sent once (never repeated unless
 * `request.retry` says so); `follow`: work started before. With Wait for Completion the work
 * is then polled on the same client until its kind judges it finished (see `JobKind`).
 */
export async function runJob<Ref>(
	ctx: IExecuteFunctions,
	client: ApplianceClient,
	kind: JobKind<Ref>,
	from: JobFrom<Ref>,
	settings: WaitSettings,
	itemIndex: number,
): Promise<StartedJob<Ref>> {
	const startedAt = Date.now();
	let answer: IDataObject = {};
	let ref: Ref | undefined;
	if ('start' in from) {
		let body: unknown;
		try {
			body = client.redact((await client.request<unknown>({ ...from.start, itemIndex })).body);
		} catch (error) {
			const uncertain = error instanceof NodeApiError && mayHaveArrived(error);
			throw asNodeError(
				ctx.getNode(),
				explained(error, uncertain ? kind.uncertainStart : undefined),
				itemIndex,
			);
		}
		answer = (body && typeof body === 'object' ? body : {}) as IDataObject;
		ref = kind.refOf?.(body);
	} else {
		ref = from.follow;
	}
	if (!settings.waitForCompletion || ref === undefined) return { answer, ref, startedAt };
	try {
		const result = await followJob(ctx, client, kind, ref, settings, itemIndex, startedAt);
		return { answer, ref, startedAt, result };
	} catch (error) {
		throw asNodeError(ctx.getNode(), explained(error, kind.explainWaitError?.(error)), itemIndex);
	}
}

// ---- the wait options every async operation shows ------------------------------------

/** How a node names its wait switch when it is not `waitForCompletion` (SAP: `waitForRestart`). */
export interface WaitSwitch {
	parameter: string;
	label: string;
	explanation: string;
}

/** `options.waitForCompletion` (or the node's own switch), `timeout`, `pollInterval`. */
export function waitOptions(
	defaults: WaitSettings,
	what: string,
	waitSwitch?: WaitSwitch,
): INodeProperties[] {
	const { waitForCompletion, timeout, pollInterval } = defaults;
	const switchProperty: INodeProperties = {
		displayName: waitSwitch?.label ?? 'Wait for Completion',
		name: waitSwitch?.parameter ?? 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			waitSwitch?.explanation ??
			`Whether to wait until the ${what} has finished and output its result, instead of returning as soon as it has started`,
	};
	return [
		waitForCompletion ? switchProperty : { ...switchProperty, default: false },
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: timeout,
			typeOptions: { minValue: 1 },
			description: `How long to wait for the ${what} before giving up with an error (it may still finish on the appliance)`,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: pollInterval,
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			description: 'How often to ask for the status while waiting',
		},
	];
}

/** The `options` collection of an async operation: checked, with the operation's defaults. */
export function readWaitOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaults: WaitSettings,
	switchName = 'waitForCompletion',
): WaitSettings {
	const schema = schemas.waitOptions
		.omit({ waitForCompletion: true })
		.extend({ [switchName]: z.boolean().optional() })
		.passthrough();
	const options = collection(ctx, itemIndex, 'options', 'Options', schema) as IDataObject;
	return {
		waitForCompletion: (options[switchName] as boolean | undefined) ?? defaults.waitForCompletion,
		timeout: (options.timeout as number | undefined) ?? defaults.timeout,
		pollInterval: (options.pollInterval as number | undefined) ?? defaults.pollInterval,
	};
}
