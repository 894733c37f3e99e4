import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** The password field of a basic-auth credential. */
export const passwordProperty: INodeProperties = {
	displayName: 'Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	required: true,
};

/** `ignoreSslIssues` (off by default) for an appliance whose certificate may be self-signed. */
export function ignoreSslIssuesProperty(description: string): INodeProperties {
	return {
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'ignoreSslIssues',
		type: 'boolean',
		default: false,
		description,
	};
}

/**
 * Basic auth from the credential's `username` and `password`, plus any fixed headers.
 * A function rather than n8n's generic form: that one evaluates two expressions on
 * every request, which dominated the cost of a small call.
 */
export function withBasicAuth(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	headers?: Record<string, string>,
): IHttpRequestOptions {
	return {
		...requestOptions,
		headers: headers ? { ...requestOptions.headers, ...headers } : requestOptions.headers,
		auth: { username: String(credentials.username), password: String(credentials.password) },
	};
}
