import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation file's run function: handles one input item, returns its output items. */
export type OperationRun = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** What an operation file exports. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationRun;
}

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
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = ctx.getNodeParameter('resource', itemIndex) as string;
		const operation = ctx.getNodeParameter('operation', itemIndex) as string;
		const handler = operations[resource]?.[operation];
		try {
			if (!handler) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The operation "${operation}" of "${resource}" is not supported`,
					{
						itemIndex,
					},
				);
			}
			const output = await handler.execute.call(ctx, itemIndex);
			returnData.push(
				...ctx.helpers.constructExecutionMetaData(output, { itemData: { item: itemIndex } }),
			);
		} catch (error) {
			if (ctx.continueOnFail()) {
				const failure = error as {
					message?: string;
					description?: string | null;
					httpCode?: string | null;
				};
				const message = failure.message ?? String(error);
				const details: IDataObject = {};
				if (failure.description) details.description = failure.description;
				if (failure.httpCode) details.httpCode = failure.httpCode;
				// "Continue (using error output)" routes items whose keys are only error, message and
				// details; "Continue" keeps the details beside the error, where they are easiest to use
				const json: IDataObject =
					ctx.getNode().onError === 'continueErrorOutput'
						? { error: message, ...(Object.keys(details).length ? { details } : {}) }
						: { error: message, ...details };
				returnData.push({ json, pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.context.itemIndex ??= itemIndex;
			}
			// n8n's error classes hand back an error that is already theirs, unchanged
			if (error instanceof NodeApiError)
				throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		}
	}
	return [returnData];
}

/** Output items from JSON objects, one item per object. */
export function jsonItems(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}
