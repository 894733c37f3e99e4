import type { ICredentialType, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const CREDENTIAL_TEST_TYPE = 'test.credentialTest';

/**
 * The node n8n builds to run a credential's *Test* button (CredentialsTester in n8n's
 * CLI): a declarative node whose only parameter routes the credential's `test.request`.
 * Run with runNode, it goes through n8n-core's RoutingNode, expressions, `authenticate`
 * and skipSslCertificateValidation exactly like the button does.
 */
export function credentialTestNode(credential: ICredentialType): INodeType {
	if (!credential.test || !('request' in credential.test)) {
		throw new Error(`credential ${credential.name} has no test request`);
	}
	return {
		description: {
			displayName: 'Credential Test',
			name: CREDENTIAL_TEST_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credential.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: credential.test.request },
				},
			],
		},
	};
}
