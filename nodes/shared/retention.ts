import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from './descriptions';
import { asNodeError } from './errors';
import { jsonItems } from './router';
import { collection, parameter, z } from './validation';

/**
 * Retention with a safety net, the same for every system's Prune: in each group (a node's
 * files, a kind of backup) keep the newest N and, if asked, everything younger than D days;
 * never delete the newest good backup of a group, nor one in use; a dry run (the default)
 * only says what it would do; a real run deletes one at a time and stops at the first delete
 * that fails, saying what it had deleted.
 */

export type RetentionAction = 'kept' | 'deleted' | 'wouldDelete';

export interface RetentionVerdict {
	record: IDataObject;
	action: RetentionAction;
	reason: string;
}

export interface RetentionSettings {
	keepNewest: number;
	keepDays?: number;
	dryRun: boolean;
	/** the node's own extra options (e.g. Include Scheduled Files) */
	options: IDataObject;
}

/** What a system's Prune declares about its backups. */
export interface RetentionKind {
	/** e.g. `of its node`, `of its type`: read in the reasons */
	groupLabel: string;
	groupOf(record: IDataObject): string;
	/** when the backup was made (ms) */
	timeOf(record: IDataObject): number;
	/** a backup that is complete and usable (only those count as "the newest good one") */
	isGood?(record: IDataObject): boolean;
	/** a reason to leave this backup alone whatever the rules (in use, running, not ours) */
	protect?(record: IDataObject): string | undefined;
	/** how a backup is named in an error, e.g. `nightly (ID 12)` */
	nameOf(record: IDataObject): string;
	/** the backup's fields in its output item, beside `action` and `reason` */
	fieldsOf(record: IDataObject): IDataObject;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const wholeAtLeastOne = z
	.number({ invalid_type_error: 'must be a number', required_error: 'must be a number' })
	.int('must be a whole number')
	.min(1, 'must be at least 1');

/** Keep Newest, Dry Run and Options (Keep Younger Than, plus the node's own options). */
export function retentionProperties(what: string, extraOptions: INodeProperties[] = []) {
	return [
		{
			displayName: 'Keep Newest',
			name: 'keepNewest',
			type: 'number',
			default: 7,
			required: true,
			typeOptions: { minValue: 1 },
			description: `How many of the newest ${what} to keep in each group; the newest good one is always kept`,
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
			...extraOptions,
			{
				displayName: 'Keep Younger Than (Days)',
				name: 'keepDays',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 1 },
				description: `Also keep every one of the ${what} made less than this many days ago`,
			},
		]),
	] satisfies INodeProperties[];
}

/** The settings, checked: Keep Newest and Keep Younger Than below 1 are refused. */
export function readRetention(
	ctx: IExecuteFunctions,
	itemIndex: number,
	extraOptions: z.ZodRawShape = {},
	labels: Record<string, string> = {},
): RetentionSettings {
	const keepNewest = parameter(ctx, itemIndex, 'keepNewest', 'Keep Newest', wholeAtLeastOne);
	const dryRun = parameter(ctx, itemIndex, 'dryRun', 'Dry Run', z.boolean(), true);
	const options = collection(
		ctx,
		itemIndex,
		'options',
		'Options',
		z.object({ keepDays: wholeAtLeastOne.optional(), ...extraOptions }),
		{ keepDays: 'Keep Younger Than (Days)', ...labels },
	) as IDataObject;
	return { keepNewest, keepDays: options.keepDays as number | undefined, dryRun, options };
}

/** One verdict per backup, in the order of the groups and, within each, newest first. */
function planRetention(
	kind: RetentionKind,
	records: IDataObject[],
	settings: RetentionSettings,
	now = Date.now(),
): RetentionVerdict[] {
	const { keepNewest, keepDays, dryRun } = settings;
	const verdicts: RetentionVerdict[] = [];
	const groups = new Map<string, IDataObject[]>();
	for (const record of records) {
		const group = kind.groupOf(record);
		groups.set(group, [...(groups.get(group) ?? []), record]);
	}
	for (const group of groups.values()) {
		group.sort((a, b) => kind.timeOf(b) - kind.timeOf(a));
		const good = kind.isGood ?? (() => true);
		const newestGood = group.find(good);
		group.forEach((record, rank) => {
			const kept = (): string | undefined => {
				const protectedBecause = kind.protect?.(record);
				if (protectedBecause) return protectedBecause;
				if (record === newestGood) return `the newest good one ${kind.groupLabel}`;
				if (rank < keepNewest) return `one of the newest ${keepNewest} ${kind.groupLabel}`;
				if (keepDays && now - kind.timeOf(record) < keepDays * DAY_MS)
					return `younger than ${keepDays} days`;
				return undefined;
			};
			const reason = kept();
			verdicts.push(
				reason
					? { record, action: 'kept', reason }
					: {
							record,
							action: dryRun ? 'wouldDelete' : 'deleted',
							reason: `older than the newest ${keepNewest} ${kind.groupLabel}${
								keepDays ? ` and than ${keepDays} days` : ''
							}`,
						},
			);
		});
	}
	return verdicts;
}

/**
 * Deletes the backups marked `deleted`, one at a time, in plan order. The first delete that
 * fails ends the run with an error naming it and what was deleted before it.
 */
async function deleteInTurn(
	ctx: IExecuteFunctions,
	verdicts: RetentionVerdict[],
	nameOf: RetentionKind['nameOf'],
	deleteOne: (record: IDataObject) => Promise<void>,
	itemIndex: number,
): Promise<void> {
	const deleted: string[] = [];
	for (const { record, action } of verdicts) {
		if (action !== 'deleted') continue;
		try {
			await deleteOne(record);
		} catch (error) {
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.description =
					`${error.description ?? ''} Prune stopped at "${nameOf(record)}". Deleted before it: ${
						deleted.length ? deleted.map((name) => `"${name}"`).join(', ') : 'none'
					}.`.trim();
			}
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
		deleted.push(nameOf(record));
	}
}

/**
 * A whole Prune: the plan, the deletes one at a time unless it is a dry run, and one output
 * item per backup (`action`, `reason` and the kind's fields), in plan order.
 */
export async function prune(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: RetentionKind,
	records: IDataObject[],
	settings: RetentionSettings,
	deleteOne: (record: IDataObject) => Promise<void>,
): Promise<INodeExecutionData[]> {
	const verdicts = planRetention(kind, records, settings);
	if (!settings.dryRun) await deleteInTurn(ctx, verdicts, kind.nameOf, deleteOne, itemIndex);
	return jsonItems(
		verdicts.map(({ record, action, reason }) => ({ action, reason, ...kind.fieldsOf(record) })),
	);
}
