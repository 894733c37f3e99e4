import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { invalidParameter } from './validation';

/** One operation file's run function: handles one input item, returns its output items. */
export type OperationRun = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** What an operation file exports. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationRun;
	/**
	 * Items may run side by side (`options.concurrency`): one call per item that reads, or
	 * that each item makes alone and may repeat safely (a session kill). Never a create.
	 */
	concurrent?: boolean;
}

/** The most items an operation runs at the same time (`options.concurrency`). */
export const MAX_CONCURRENCY = 16;

/** A resource's operations by value (`getAll`, `create`, ...). */
export type ResourceOperations = Record<string, OperationModule>;

/** A node's resources by value, each with its operations. */
export type OperationTable = Record<string, ResourceOperations>;

/**
 * The per-item loop every node shares: picks the operation, pairs each output
 * item with the input item it came from, and honours "Continue On Fail" with an
 * error item in place of the failed one.
 */
export async function runOperations(
	ctx: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const handlerOf = (itemIndex: number) => {
		const resource = ctx.getNodeParameter('resource', itemIndex) as string;
		const operation = ctx.getNodeParameter('operation', itemIndex) as string;
		const handler = operations[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The operation "${operation}" of "${resource}" is not supported`,
				{ itemIndex },
			);
		}
		return handler;
	};
	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		try {
			const output = await handlerOf(itemIndex).execute.call(ctx, itemIndex);
			return ctx.helpers.constructExecutionMetaData(output, { itemData: { item: itemIndex } });
		} catch (error) {
			if (ctx.continueOnFail()) return [failedItem(ctx, error, itemIndex)];
			throw asItemError(ctx, error, itemIndex);
		}
	};

	const width = items.length > 1 ? concurrencyOf(ctx, handlerOf) : 1;
	const outputs: INodeExecutionData[][] = new Array(items.length);
	if (width <= 1) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			outputs[itemIndex] = await runItem(itemIndex);
		}
		return [outputs.flat()];
	}
	// up to `width` items in flight; output in input order. After a failure nothing new
	// starts, the ones in flight finish, and the earliest failure is reported.
	let next = 0;
	const stop: { failure?: { itemIndex: number; error: unknown } } = {};
	const lane = async () => {
		while (stop.failure === undefined && next < items.length) {
			const itemIndex = next++;
			try {
				outputs[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				// another lane may have failed meanwhile: keep the earliest item's error
				const earlier = stop.failure as { itemIndex: number } | undefined;
				if (!earlier || itemIndex < earlier.itemIndex) stop.failure = { itemIndex, error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
	if (stop.failure) throw stop.failure.error;
	return [outputs.flat()];
}

/**
 * `options.concurrency` of the first item, as n8n's own batching reads its settings: only for
 * an operation that allows it, a whole number from 1 to MAX_CONCURRENCY, else refused.
 */
function concurrencyOf(
	ctx: IExecuteFunctions,
	handlerOf: (itemIndex: number) => OperationModule,
): number {
	let handler: OperationModule;
	try {
		handler = handlerOf(0);
	} catch {
		return 1;
	}
	if (!handler.concurrent) return 1;
	const value = ctx.getNodeParameter('options.concurrency', 0, 1) as unknown;
	if (
		typeof value !== 'number' ||
		!Number.isInteger(value) ||
		value < 1 ||
		value > MAX_CONCURRENCY
	) {
		throw invalidParameter(
			ctx,
			'options',
			'Concurrency',
			`must be a whole number from 1 to ${MAX_CONCURRENCY}`,
			0,
		);
	}
	return value;
}

/** The item that stands for a failed one under Continue On Fail. */
function failedItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const failure = error as {
		message?: string;
		description?: string | null;
		httpCode?: string | null;
	};
	const message = failure.message ?? String(error);
	const details: IDataObject = {};
	if (failure.description) details.description = failure.description;
	if (failure.httpCode) details.httpCode = failure.httpCode;
	// "Continue (using error output)" routes an item to the error output only when its keys are
	// `error` and `message` (n8n 1.x takes exactly those; 2.x also `details`): the description
	// and HTTP status go into `message`. "Continue" keeps them as fields beside the error.
	const explained = [
		failure.description,
		failure.httpCode ? `(HTTP ${failure.httpCode})` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const json: IDataObject =
		ctx.getNode().onError === 'continueErrorOutput'
			? { error: message, ...(explained ? { message: explained } : {}) }
			: { error: message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

/** The error of an item as n8n's own class, naming the item. */
function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
	}
	// n8n's error classes hand back an error that is already theirs, unchanged
	if (error instanceof NodeApiError)
		return new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** Output items from JSON objects, one item per object. */
export function jsonItems(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}
