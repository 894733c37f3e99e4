import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';
import { getVersionedNodeType, NodeConnectionTypes, UnexpectedError } from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'test.manualTrigger';
export const ITEMS_TYPE = 'test.items';

/** Marker the `test.items` node replaces with a binary stored through prepareBinaryData. */
export interface BinaryRef {
	__harnessBinaryRef: string;
	fileName?: string;
	mimeType?: string;
}

/**
 * Buffers handed to `test.items` by reference (node parameters must stay JSON).
 * Module-level, so it is per test file under jest.
 */
export const pendingBinaries = new Map<string, Buffer>();

function isBinaryRef(value: unknown): value is BinaryRef {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as BinaryRef).__harnessBinaryRef === 'string'
	);
}

/** Like n8n's Manual Trigger: a real trigger that emits one empty item when run manually. */
class TestManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Manual Trigger',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow (test harness)',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Emits the items of its `items` parameter: an array (or JSON string of an array) whose
 * entries are either plain JSON objects or `{ json, binary? }` items. Binary entries that
 * are harness refs are stored through `this.helpers.prepareBinaryData`, i.e. n8n's
 * BinaryDataService, so downstream nodes see real n8n binaries.
 */
class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: ITEMS_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (test harness)',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]') as unknown;
		const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw || '[]') : raw;
		const entries = Array.isArray(parsed) ? parsed : [parsed];

		const output: INodeExecutionData[] = [];
		for (const entry of entries as IDataObject[]) {
			const isItem =
				typeof entry === 'object' &&
				entry !== null &&
				typeof entry.json === 'object' &&
				entry.json !== null &&
				Object.keys(entry).every((k) => ['json', 'binary', 'pairedItem'].includes(k));
			const json = (isItem ? entry.json : entry) as IDataObject;
			const item: INodeExecutionData = { json, pairedItem: { item: 0 } };

			if (isItem && entry.binary && typeof entry.binary === 'object') {
				const binary: Record<string, IBinaryData> = {};
				for (const [property, value] of Object.entries(entry.binary as IDataObject)) {
					if (isBinaryRef(value)) {
						const buffer = pendingBinaries.get(value.__harnessBinaryRef);
						if (!buffer) {
							throw new UnexpectedError(`Unknown harness binary ref ${value.__harnessBinaryRef}`);
						}
						binary[property] = await this.helpers.prepareBinaryData(
							buffer,
							value.fileName,
							value.mimeType,
						);
					} else {
						binary[property] = value as unknown as IBinaryData;
					}
				}
				item.binary = binary;
			}
			output.push(item);
		}
		return [output];
	}
}

export const harnessNodeTypes: Record<string, INodeType> = {
	[MANUAL_TRIGGER_TYPE]: new TestManualTrigger(),
	[ITEMS_TYPE]: new TestItems(),
};

/** INodeTypes over the test's node map plus the harness's own test node types. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(nodeTypes: Record<string, INodeType | IVersionedNodeType>) {
		this.types = { ...harnessNodeTypes, ...nodeTypes };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) {
			throw new UnexpectedError(
				`Unrecognized node type: ${nodeType} (known: ${Object.keys(this.types).join(', ')})`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.types).map((name) => [name, { className: name, sourcePath: '' }]),
		);
	}
}
