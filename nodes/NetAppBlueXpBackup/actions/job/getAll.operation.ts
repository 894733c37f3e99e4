import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { collection, z, returnAllAndLimitOf } from '../../../shared/validation';
import { bluexpClient, JOB_PATH, wholeList } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['getAll'] } },
	[
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Completed', value: 'COMPLETED' },
						{ name: 'Failed', value: 'FAILED' },
						{ name: 'In Progress', value: 'IN_PROGRESS' },
						{ name: 'Pending', value: 'PENDING' },
					],
					default: 'COMPLETED',
					description: 'Only jobs in this status',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'string',
					default: '',
					placeholder: 'backup',
					description: 'Only jobs of this type, e.g. backup, restore, policy',
				},
			],
		},
	],
);

/** BlueXP lists jobs in one answer, `{job: [...]}`. */
const jobPaging = wholeList(['job', 'jobs']);

const STATUSES = ['COMPLETED', 'FAILED', 'IN_PROGRESS', 'PENDING'] as const;

const filtersSchema = z.object({
	status: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.refine((value) => !value || (STATUSES as readonly string[]).includes(value), {
			message: `must be one of ${STATUSES.join(', ')}`,
		})
		.optional(),
	type: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.max(100, 'must be at most 100 characters')
		.regex(/^[A-Za-z0-9_ -]*$/, 'must be a job type such as backup, restore or policy')
		.optional(),
});

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	const filters = collection(this, itemIndex, 'filters', 'Filters', filtersSchema);
	const qs: IDataObject = {};
	if (filters.status) qs.status = filters.status;
	if (filters.type) qs.type = filters.type;
	return jsonItems(
		await getAll(bluexpClient(this), jobPaging, {
			path: JOB_PATH,
			qs,
			returnAll,
			limit,
			itemIndex,
		}),
	);
}
