import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { asNodeError } from '../../../shared/errors';
import { jsonItems } from '../../../shared/router';
import { collection, parameter, z } from '../../../shared/validation';
import { ontapClient, ontapGetAll, segment } from '../../transport';

const show = { resource: ['configurationBackupFile'], operation: ['prune'] };
const DAY_MS = 24 * 60 * 60 * 1000;
const BACKUPS_PATH = '/api/support/configuration-backup/backups';

const properties: INodeProperties[] = [
	{
		displayName: 'Keep Newest',
		name: 'keepNewest',
		type: 'number',
		default: 7,
		required: true,
		typeOptions: { minValue: 1 },
		description: 'How many of the newest files to keep on each node; the newest one is always kept',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description:
			'Whether to only output what would be deleted and why, deleting nothing. Turn it off once the output is what you expect.',
	},
	optionsCollection([
		{
			displayName: 'Include Scheduled Files',
			name: 'includeScheduled',
			type: 'boolean',
			default: false,
			description:
				'Whether to prune the files the cluster makes on its own schedules too (ONTAP rotates those itself)',
		},
		{
			displayName: 'Keep Younger Than (Days)',
			name: 'keepDays',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1 },
			description: 'Also keep every file made less than this many days ago',
		},
	]),
];

export const description = updateDisplayOptions({ show }, properties);

const wholeAtLeastOne = z
	.number({ invalid_type_error: 'must be a number', required_error: 'must be a number' })
	.int('must be a whole number')
	.min(1, 'must be at least 1');

const optionsSchema = z.object({
	includeScheduled: z.boolean().optional(),
	keepDays: wholeAtLeastOne.optional(),
});

type Action = 'kept' | 'deleted' | 'wouldDelete';

const madeAt = (file: IDataObject) => Date.parse(String(file.time ?? '')) || 0;
const nodeOf = (file: IDataObject) => (file.node ?? {}) as IDataObject;

/**
 * Retention with a safety net for configuration backup files: per node, keep the newest N
 * (never fewer than one, so the newest file of a node is never deleted) and, if asked, every
 * file younger than D days; the files the cluster makes on its own schedules are left to
 * ONTAP unless included. A dry run (the default) only says what it would do. A real run
 * deletes one file at a time and stops at the first that fails, saying what was deleted.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const keepNewest = parameter(this, itemIndex, 'keepNewest', 'Keep Newest', wholeAtLeastOne);
	const dryRun = parameter(this, itemIndex, 'dryRun', 'Dry Run', z.boolean(), true);
	const options = collection(this, itemIndex, 'options', 'Options', optionsSchema, {
		includeScheduled: 'Include Scheduled Files',
		keepDays: 'Keep Younger Than (Days)',
	});

	const files = await ontapGetAll(this, {
		path: BACKUPS_PATH,
		qs: { fields: 'node,name,time,size,type,auto' },
		returnAll: true,
		limit: 0,
		itemIndex,
	});
	const now = Date.now();
	const verdicts: Array<{ file: IDataObject; action: Action; reason: string }> = [];
	const byNode = new Map<string, IDataObject[]>();
	for (const file of files) {
		if (file.auto === true && !options.includeScheduled) {
			verdicts.push({
				file,
				action: 'kept',
				reason: 'made by the cluster’s own schedule (Include Scheduled Files is off)',
			});
			continue;
		}
		const node = String(nodeOf(file).uuid ?? '');
		byNode.set(node, [...(byNode.get(node) ?? []), file]);
	}
	for (const nodeFiles of byNode.values()) {
		nodeFiles.sort((a, b) => madeAt(b) - madeAt(a));
		nodeFiles.forEach((file, rank) => {
			if (rank < keepNewest) {
				verdicts.push({
					file,
					action: 'kept',
					reason:
						rank === 0
							? 'the newest file of its node'
							: `one of the newest ${keepNewest} of its node`,
				});
			} else if (options.keepDays && now - madeAt(file) < options.keepDays * DAY_MS) {
				verdicts.push({ file, action: 'kept', reason: `younger than ${options.keepDays} days` });
			} else {
				verdicts.push({
					file,
					action: dryRun ? 'wouldDelete' : 'deleted',
					reason: `older than the newest ${keepNewest} of its node${
						options.keepDays ? ` and than ${options.keepDays} days` : ''
					}`,
				});
			}
		});
	}

	if (!dryRun) {
		const client = ontapClient(this);
		const deleted: string[] = [];
		for (const { file, action } of verdicts) {
			if (action !== 'deleted') continue;
			const name = String(file.name);
			try {
				await client.request({
					method: 'DELETE',
					path: `${BACKUPS_PATH}/${segment(String(nodeOf(file).uuid))}/${segment(name)}`,
					itemIndex,
				});
			} catch (error) {
				if (error instanceof NodeApiError || error instanceof NodeOperationError) {
					error.description =
						`${error.description ?? ''} Prune stopped at "${name}". Deleted before it: ${
							deleted.length ? deleted.map((done) => `"${done}"`).join(', ') : 'none'
						}.`.trim();
				}
				throw asNodeError(this.getNode(), error, itemIndex);
			}
			deleted.push(name);
		}
	}

	return jsonItems(
		verdicts.map(({ file, action, reason }) => ({
			action,
			reason,
			node: nodeOf(file),
			name: file.name,
			time: file.time,
			size: file.size,
			auto: file.auto,
		})),
	);
}
