import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
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

/** A line break, a tab, NUL or another control character: never part of a name, an ID or a header. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const ONE_LINE = 'must be on one line (no line breaks or other control characters)';
/** `%2e`, `%2F`: an encoded character the appliance would decode into a `.` or a `/` of its path. */
const PERCENT_ENCODED = /%[0-9a-f]{2}/i;

export const schemas = {
	uuid: z
		.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
		.trim()
		.regex(UUID_PATTERN, 'must be a UUID such as 1cd8a442-86d1-11e0-ae1c-123478563412'),
	requiredText: z
		.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
		.trim()
		.min(1, 'must not be empty')
		.refine((value) => !CONTROL_CHARACTER.test(value), { message: ONE_LINE }),
	/** A password: taken exactly as typed (spaces included), but never empty. */
	secret: z
		.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
		.refine((value) => value.trim().length > 0, { message: 'must not be empty' }),
	/**
	 * One segment of a URL path (a name or an id): `.` and `..` would address the parent
	 * instead, `?`, `&` and `#` belong to a query, an encoded `%2e` or `%2f` is decoded by the
	 * appliance into the very dots and slashes refused here.
	 */
	pathSegment: z
		.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
		.trim()
		.min(1, 'must not be empty')
		.max(255, 'must be at most 255 characters')
		.refine((value) => !/[/\\]/.test(value), { message: 'must not contain / or \\' })
		.refine((value) => !/^\.+$/.test(value), { message: 'must not be only dots' })
		.refine((value) => !CONTROL_CHARACTER.test(value), { message: ONE_LINE })
		.refine((value) => !/[?&#]/.test(value), {
			message: 'must not contain ?, & or # (they belong to a query, not to a name or an ID)',
		})
		.refine((value) => !PERCENT_ENCODED.test(value), {
			message: 'must not contain percent-encoded characters such as %2e (give the value as is)',
		}),
	/** A path inside a volume or a backup (`/data/reports`): never climbing with `..`. */
	filePath: z
		.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
		.trim()
		.min(1, 'must not be empty')
		.max(4096, 'must be at most 4096 characters')
		.refine((value) => !CONTROL_CHARACTER.test(value), { message: ONE_LINE })
		.refine((value) => !value.split(/[/\\]/).some((part) => part === '..' || part === '.'), {
			message: 'must not contain . or .. as a folder (a path traversal)',
		})
		.refine((value) => !PERCENT_ENCODED.test(value), {
			message: 'must not contain percent-encoded characters such as %2e (give the path as is)',
		}),
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

/** One field of a credential and its rule, checked before the first call of a run. */
export interface CredentialField {
	/** the property name, e.g. `baseUrl` */
	name: string;
	/** the field as the credential dialog shows it, e.g. `Base URL` */
	label: string;
	schema: z.ZodType<unknown>;
	/** only when this holds (a field shown for one authentication type) */
	when?: (credentials: IDataObject) => boolean;
}

/** An http(s) address of a credential: no user or password in it, no query, no `..`. */
const credentialUrl = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'must not be empty')
	.superRefine((value, issues) => {
		const refuse = (message: string) => issues.addIssue({ code: z.ZodIssueCode.custom, message });
		if (/[\s\u0000-\u001f\u007f]/.test(value))
			return refuse('must not contain spaces or line breaks');
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			return refuse('must be an http:// or https:// URL');
		}
		if (!/^https?:$/.test(url.protocol)) return refuse('must be an http:// or https:// URL');
		if (url.username || url.password || /^[a-z]+:\/\/[^/?#]*@/i.test(value)) {
			return refuse(
				"must not contain a user name or password (they belong in the credential's own fields)",
			);
		}
		if (/[?#]/.test(value)) return refuse('must not contain a query (?) or a fragment (#)');
		const path = value.replace(/^[a-z]+:\/\/[^/]*/i, '');
		if (path.split(/[/\\]/).some((part) => part === '.' || part === '..') || /\\/.test(path)) {
			return refuse('must not contain . or .. in its path (a path traversal)');
		}
		if (PERCENT_ENCODED.test(path)) {
			return refuse('must not contain percent-encoded characters such as %2e in its path');
		}
	});

/** Empty text, or text that follows `schema` (its own messages, not zod's "Invalid input"). */
export function emptyOr(schema: z.ZodType<unknown>) {
	return z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.superRefine((value, issues) => {
			if (!value) return;
			const result = schema.safeParse(value);
			if (result.success) return;
			for (const issue of result.error.issues) {
				issues.addIssue({ code: z.ZodIssueCode.custom, message: issue.message });
			}
		});
}

/** The rules of credential fields that several credentials share. */
export const credentialSchemas = {
	url: credentialUrl,
	/** An optional address: empty means the credential's default. */
	optionalUrl: emptyOr(credentialUrl),
	/** A user name for basic auth: one line, and no `:` (it separates user and password). */
	username: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.min(1, 'must not be empty')
		.refine((value) => !CONTROL_CHARACTER.test(value), { message: ONE_LINE })
		.refine((value) => !value.includes(':'), { message: 'must not contain :' }),
	/** A password or a token: never empty, never spanning lines (it travels in a header). */
	secret: z
		.string({ invalid_type_error: 'must be text' })
		.refine((value) => value.trim().length > 0, { message: 'must not be empty' })
		.refine((value) => !CONTROL_CHARACTER.test(value), { message: ONE_LINE }),
	/** An ID that ends up in a URL path or a header: letters, digits and a few marks only. */
	id: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.min(1, 'must not be empty')
		.max(255, 'must be at most 255 characters')
		.refine((value) => !/[/\\]/.test(value), { message: 'must not contain / or \\' })
		.refine((value) => !/^\.+$/.test(value), { message: 'must not be only dots' })
		.refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), {
			message: 'must not contain spaces or line breaks',
		})
		.refine((value) => !/[?&#%]/.test(value), { message: 'must not contain ?, &, # or %' }),
};

/** The fields of a basic-auth credential (`baseUrl`, `username`, `password`). */
export const basicAuthCredentialFields: CredentialField[] = [
	{ name: 'baseUrl', label: 'Base URL', schema: credentialSchemas.url },
	{ name: 'username', label: 'Username', schema: credentialSchemas.username },
	{ name: 'password', label: 'Password', schema: credentialSchemas.secret },
];

/**
 * Checks the credential's fields: a bad value is a NodeOperationError naming the field, and
 * nothing (not even a token request) has been sent. The value itself is never echoed.
 */
export function checkCredentialFields(
	node: INode,
	credentials: IDataObject,
	fields: CredentialField[],
	itemIndex?: number,
): void {
	for (const field of fields) {
		if (field.when && !field.when(credentials)) continue;
		const raw = credentials[field.name];
		const value =
			raw === undefined || raw === null ? '' : typeof raw === 'number' ? String(raw) : raw;
		const result = field.schema.safeParse(value);
		if (result.success) continue;
		throw new NodeOperationError(
			node,
			`Invalid credential field "${field.label}": ${describeIssues(result.error)}`,
			{
				description: `Credential field "${field.name}" was refused before anything was sent to the appliance. Correct it in the credential and run again.`,
				itemIndex,
			},
		);
	}
}
