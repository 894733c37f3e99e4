import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	ignoreSslIssuesProperty,
	passwordProperty,
	withBasicAuth,
} from '../nodes/shared/credentials';

export class SapCloudConnectorApi implements ICredentialType {
	name = 'sapCloudConnectorApi';

	displayName = 'SAP Cloud Connector API';

	documentationUrl =
		'https://help.sap.com/docs/connectivity/sap-btp-connectivity-cf/configuration-rest-apis';

	icon: Icon = { light: 'file:../icons/sap.svg', dark: 'file:../icons/sap.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://scc.example.com:8443',
			description:
				'The Cloud Connector administration address with its port (8443 by default), with https://',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: 'Administrator',
			description: 'A Cloud Connector user with the Administrator role',
			required: true,
		},
		passwordProperty,
		ignoreSslIssuesProperty(
			'Whether to connect even if the Cloud Connector certificate cannot be verified (its UI certificate is often self-signed). Prefer installing its CA in n8n.',
		),
	];

	/**
	 * Basic auth and `Connection: close` on every call: SAP advises stateless calls, so no
	 * session cookie or CSRF token is kept between them.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBasicAuth(credentials, requestOptions, { Connection: 'close' });
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/connector/version',
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}' as unknown as boolean,
		},
	};
}
