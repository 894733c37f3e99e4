import type {
	Icon,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	ignoreSslIssuesProperty,
	passwordProperty,
	withBasicAuth,
} from '../nodes/shared/credentials';

export class NetAppOntapApi implements ICredentialType {
	name = 'netAppOntapApi';

	displayName = 'NetApp ONTAP API';

	documentationUrl = 'https://docs.netapp.com/us-en/ontap-automation/rest/access_rest_api.html';

	icon: Icon = { light: 'file:../icons/netapp.svg', dark: 'file:../icons/netapp.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://cluster-mgmt.example.com',
			description:
				'The cluster management address (the cluster management LIF), with https://. Without /api: the node adds it.',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description:
				'An ONTAP account with the http application, e.g. admin or a role limited to configuration backup and NDMP',
			required: true,
		},
		passwordProperty,
		ignoreSslIssuesProperty(
			'Whether to connect even if the cluster certificate cannot be verified (ONTAP ships a self-signed one). Prefer installing the cluster CA in n8n.',
		),
	];

	/** Basic auth on every call. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBasicAuth(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api$/, "")}}',
			url: '/api/cluster',
			qs: { fields: 'name,version' },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}' as unknown as boolean,
		},
	};
}
