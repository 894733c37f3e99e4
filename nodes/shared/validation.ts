import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

export { z };

/** A run reads parameters per item; a list search and a polling trigger have no items. */
type ParameterContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

function read(
	ctx: ParameterContext,
	name: string,
	itemIndex: number,
	fallback: unknown,
	extractValue = false,
): unknown {
	const options = extractValue ? { extractValue: true } : undefined;
	if ('getInputData' in ctx) return ctx.getNodeParameter(name, itemIndex, fallback, options);
	return (ctx as IPollFunctions).getNodeParameter(name, fallback, options);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const schemas = {
	uuid: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.regex(UUID_PATTERN, 'must be a UUID such as 1cd8a442-86d1-11e0-ae1c-123478563412'),
	requiredText: z.string({ invalid_type_error: 'must be text' }).trim().min(1, 'must not be empty'),
	/** A password: taken exactly as typed (spaces included), but never empty. */
	secret: z
		.string({ invalid_type_error: 'must be text' })
		.refine((value) => value.trim().length > 0, { message: 'must not be empty' }),
	/** One segment of a URL path (a name or an id): `.` and `..` would address the parent instead. */
	pathSegment: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.min(1, 'must not be empty')
		.refine((value) => !/[/\\]/.test(value), { message: 'must not contain / or \\' })
		.refine((value) => !/^\.+$/.test(value), { message: 'must not be only dots' }),
	limit: z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1'),
	/** seconds one call may take */
	seconds: z
		.number({ invalid_type_error: 'must be a number' })
		.positive('must be more than 0 seconds')
		.max(86_400, 'must be at most 86400 seconds (one day)'),
	waitOptions: z.object({
		waitForCompletion: z.boolean().optional(),
		timeout: z
			.number()
			.positive('must be more than 0 seconds')
			.max(86_400, 'must be at most 86400 seconds (one day)')
			.optional(),
		pollInterval: z
			.number()
			.min(0.1, 'must be at least 0.1 seconds')
			.max(3_600, 'must be at most 3600 seconds')
			.optional(),
	}),
};

/** Field names as the user sees them, for the fields of a collection. */
export type FieldLabels = Record<string, string>;

function describeIssues(error: z.ZodError, labels: FieldLabels = {}): string {
	return error.issues
		.map((issue) => {
			if (!issue.path.length) return issue.message;
			const field = String(issue.path[0]);
			return labels[field]
				? `"${labels[field]}" ${issue.message}`
				: `${issue.path.join('.')} ${issue.message}`;
		})
		.join('; ');
}

/** Throws the error a user reads when a parameter breaks a rule; nothing has been sent yet. */
export function invalidParameter(
	ctx: ParameterContext,
	name: string,
	label: string,
	rule: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Invalid parameter "${label}": ${rule}`, {
		description: `Parameter "${name}" was refused before anything was sent to the appliance. Correct it and run again.`,
		itemIndex,
	});
}

export function validate<T>(
	ctx: ParameterContext,
	schema: z.ZodType<T>,
	value: unknown,
	name: string,
	label: string,
	itemIndex?: number,
	labels?: FieldLabels,
): T {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	throw invalidParameter(ctx, name, label, describeIssues(result.error, labels), itemIndex);
}

/**
 * Reads a node parameter and checks it with zod. Resource locators are read
 * with `extractValue`, so the value checked is the id the appliance will get.
 */
export function parameter<T>(
	ctx: ParameterContext,
	itemIndex: number,
	name: string,
	label: string,
	schema: z.ZodType<T>,
	fallback?: unknown,
): T {
	const value = read(ctx, name, itemIndex, fallback, true);
	return validate(ctx, schema, value, name, label, itemIndex);
}

/** A collection parameter (`updateFields`, `filters`, `options`) as a plain object. */
export function collection<T extends IDataObject>(
	ctx: ParameterContext,
	itemIndex: number,
	name: string,
	label: string,
	schema: z.ZodType<T>,
	labels?: FieldLabels,
): T {
	const value = read(ctx, name, itemIndex, {}) as IDataObject;
	return validate(ctx, schema, value ?? {}, name, label, itemIndex, labels);
}

/** The `updateFields` collection of an Update operation: checked, and with at least one field. */
export function updateFields<T extends IDataObject>(
	ctx: ParameterContext,
	itemIndex: number,
	schema: z.ZodType<T>,
): T {
	const fields = collection(ctx, itemIndex, 'updateFields', 'Update Fields', schema);
	if (Object.keys(fields).length === 0) {
		throw invalidParameter(
			ctx,
			'updateFields',
			'Update Fields',
			'add at least one field to change',
			itemIndex,
		);
	}
	return fields;
}

/** `returnAll` and `limit` of a Get Many: `limit` is read (and checked) only without Return All. */
export function returnAllAndLimitOf(
	ctx: ParameterContext,
	itemIndex: number,
): { returnAll: boolean; limit: number } {
	const returnAll = parameter(ctx, itemIndex, 'returnAll', 'Return All', z.boolean(), false);
	const limit = returnAll ? 0 : parameter(ctx, itemIndex, 'limit', 'Limit', schemas.limit, 50);
	return { returnAll, limit };
}
