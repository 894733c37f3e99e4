import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { ignoreSslIssuesProperty } from '../nodes/shared/credentials';

export class IbmQradarApi implements ICredentialType {
	name = 'ibmQradarApi';

	displayName = 'IBM QRadar API';

	documentationUrl = 'https://www.ibm.com/docs/en/qradar-common?topic=api-restful-overview';

	icon: Icon = { light: 'file:../icons/qradar.svg', dark: 'file:../icons/qradar.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://qradar-console.example.com',
			description: 'The address of the QRadar (or JSA) Console, with https://',
			required: true,
		},
		{
			displayName: 'Authorized Service Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A token from Admin > Authorized Services, sent as the SEC header. Backup and restore need a service with the Admin capability.',
			required: true,
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '',
			placeholder: '26.0',
			description:
				'The QRadar API version to ask for (sent as the Version header). Leave empty to use the latest version of the console.',
		},
		ignoreSslIssuesProperty(
			'Whether to connect even if the console certificate cannot be verified (consoles often use a self-signed one). Prefer installing its CA in n8n.',
		),
	];

	/**
	 * The token as the `SEC` header (no basic auth), and the API version as the `Version`
	 * header when one is set. This is the one place both are set: n8n applies it to every
	 * call of the node and the trigger and to the credential test below.
	 * A function rather than n8n's generic form: that one evaluates expressions on every call.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const version = String(credentials.apiVersion ?? '').trim();
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				SEC: String(credentials.token),
				...(version ? { Version: version } : {}),
			},
		};
	}

	/** The cheapest authenticated read: one backup record at most. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api$/, "")}}',
			url: '/api/backup_and_restore/backups',
			headers: { Accept: 'application/json', Range: 'items=0-0' },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}' as unknown as boolean,
		},
	};
}
