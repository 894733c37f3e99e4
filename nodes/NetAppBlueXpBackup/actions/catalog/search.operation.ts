import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection, parameter, z } from '../../../shared/validation';
import { jsonItems } from '../../../shared/router';
import { bluexpRequest, recordsOf } from '../../transport';
import { readWorkingEnvironment, workingEnvironmentLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['search'] } },
	[
		workingEnvironmentLocator('The working environment whose indexed backups are searched'),
		{
			displayName: 'Search For',
			name: 'searchType',
			type: 'options',
			options: [
				{ name: 'Files', value: 'FILE' },
				{ name: 'Directories', value: 'DIRECTORY' },
				{ name: 'Volumes', value: 'VOLUME' },
			],
			default: 'FILE',
			description: 'What kind of object to find',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Created After',
					name: 'createdFrom',
					type: 'dateTime',
					default: '',
					description: 'Only objects created at or after this time',
				},
				{
					displayName: 'Created Before',
					name: 'createdTo',
					type: 'dateTime',
					default: '',
					description: 'Only objects created at or before this time',
				},
				{
					displayName: 'File Extensions',
					name: 'extensions',
					type: 'string',
					default: '',
					placeholder: 'docx, pdf',
					description: 'Comma-separated file extensions, without the dot',
				},
				{
					displayName: 'Max Size (Bytes)',
					name: 'sizeTo',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description: 'Only objects at most this large',
				},
				{
					displayName: 'Min Size (Bytes)',
					name: 'sizeFrom',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description: 'Only objects at least this large',
				},
				{
					displayName: 'Other Working Environment IDs',
					name: 'otherWorkingEnvironmentIds',
					type: 'string',
					default: '',
					description: 'Comma-separated IDs of further working environments to search',
				},
			],
		},
	],
);

/** A date or date-time as n8n's date picker or an expression gives it. */
const dateText = z.union([z.string(), z.date()]).transform((value, context) => {
	if (value instanceof Date) {
		if (!Number.isNaN(value.getTime())) return value.toISOString();
	} else if (!value.trim()) {
		return undefined;
	} else if (
		/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
			value.trim(),
		) &&
		!Number.isNaN(Date.parse(value.trim()))
	) {
		return new Date(value.trim()).toISOString();
	}
	context.addIssue({
		code: z.ZodIssueCode.custom,
		message: 'must be a date such as 2024-01-31 or 2024-01-31T08:00:00Z',
	});
	return z.NEVER;
});

const size = z
	.number({ invalid_type_error: 'must be a number' })
	.min(0, 'must not be negative')
	.optional();

const list = (value: string | undefined) =>
	(value ?? '')
		.split(',')
		.map((entry) => entry.trim().replace(/^\.+/, ''))
		.filter(Boolean);

const filtersSchema = z
	.object({
		createdFrom: dateText.optional(),
		createdTo: dateText.optional(),
		extensions: z.string().optional(),
		sizeFrom: size,
		sizeTo: size,
		otherWorkingEnvironmentIds: z.string().optional(),
	})
	.refine(
		(filters) =>
			!filters.createdFrom ||
			!filters.createdTo ||
			Date.parse(filters.createdFrom) <= Date.parse(filters.createdTo),
		{ message: '"Created After" must not be later than "Created Before"' },
	)
	.refine((filters) => !filters.sizeFrom || !filters.sizeTo || filters.sizeFrom <= filters.sizeTo, {
		message: '"Min Size (Bytes)" must not be more than "Max Size (Bytes)"',
	});

/** The filters as the user sees them, for error messages. */
const FILTER_LABELS = {
	createdFrom: 'Created After',
	createdTo: 'Created Before',
	extensions: 'File Extensions',
	sizeFrom: 'Min Size (Bytes)',
	sizeTo: 'Max Size (Bytes)',
	otherWorkingEnvironmentIds: 'Other Working Environment IDs',
};

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const type = parameter(
		this,
		itemIndex,
		'searchType',
		'Search For',
		z.enum(['FILE', 'DIRECTORY', 'VOLUME'], { message: 'must be FILE, DIRECTORY or VOLUME' }),
		'FILE',
	);
	const filters = collection(this, itemIndex, 'filters', 'Filters', filtersSchema, FILTER_LABELS);
	const body: IDataObject = {
		type,
		workingEnvironmentId: [
			we,
			...list(filters.otherWorkingEnvironmentIds).filter((id) => id !== we),
		],
	};
	const extensions = list(filters.extensions);
	if (extensions.length) body.fileExtension = extensions;
	// 0 is the fields' "not set"
	if (filters.sizeFrom || filters.sizeTo) {
		const range: IDataObject = {};
		if (filters.sizeFrom) range.from = filters.sizeFrom;
		if (filters.sizeTo) range.to = filters.sizeTo;
		body.size = range;
	}
	if (filters.createdFrom || filters.createdTo) {
		const range: IDataObject = {};
		if (filters.createdFrom) range.from = filters.createdFrom;
		if (filters.createdTo) range.to = filters.createdTo;
		body.creationDate = range;
	}
	const answer = await bluexpRequest<unknown>(this, {
		method: 'POST',
		path: 'v1/catalog/search',
		body,
		// a search changes nothing: safe to send again
		retry: 'idempotent',
		itemIndex,
	});
	return jsonItems(recordsOf(answer, ['files', 'file', 'results', 'result', 'items', 'records']));
}
