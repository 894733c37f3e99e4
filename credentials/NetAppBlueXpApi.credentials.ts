import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** NetApp's public client ID for refresh tokens issued at services.cloud.netapp.com/refresh-token. */
export const BLUEXP_REFRESH_CLIENT_ID = 'Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC';

/** The connector (agent) ID as BlueXP expects it: ending in `clients`. */
export function bluexpAgentId(credentials: IDataObject): string {
	const id = String(credentials.agentId ?? '').trim();
	return !id || id.endsWith('clients') ? id : `${id}clients`;
}

/** A refused token request; `httpCode` lets the node's client recognise a token failure. */
class TokenRequestError extends Error {
	constructor(
		message: string,
		readonly httpCode: string,
	) {
		super(message);
		this.name = 'TokenRequestError';
	}
}

/**
 * The HTTP status of a failed token request. The shared core has no exported helper for this
 * (request.ts keeps its `httpStatusOf` private), so the credential keeps this small one.
 */
function statusOf(error: unknown): number | undefined {
	const failure = error as {
		httpCode?: unknown;
		response?: { status?: unknown };
		cause?: { response?: { status?: unknown } };
	};
	const status =
		failure?.response?.status ?? failure?.cause?.response?.status ?? Number(failure?.httpCode);
	return typeof status === 'number' && Number.isFinite(status) ? status : undefined;
}

/** The OAuth error code of a refused grant (`invalid_grant`, `access_denied`), never its input. */
function oauthErrorOf(error: unknown): string {
	const failure = error as {
		response?: { data?: unknown; body?: unknown };
		cause?: { response?: { data?: unknown } };
	};
	const data = (failure?.response?.data ??
		failure?.response?.body ??
		failure?.cause?.response?.data) as IDataObject | undefined;
	const code = data && typeof data === 'object' ? data.error : undefined;
	return typeof code === 'string' && /^[a-z_]{3,40}$/.test(code) ? ` (${code})` : '';
}

export class NetAppBlueXpApi implements ICredentialType {
	name = 'netAppBlueXpApi';

	displayName = 'NetApp BlueXP API';

	documentationUrl = 'https://docs.netapp.com/us-en/bluexp-automation/cbs/overview.html';

	icon: Icon = { light: 'file:../icons/bluexp.svg', dark: 'file:../icons/bluexp.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Refresh Token',
					value: 'refreshToken',
					description: 'A user refresh token from services.cloud.netapp.com/refresh-token',
				},
				{
					name: 'Service Account',
					value: 'serviceAccount',
					description: 'The client ID and secret of a BlueXP service account',
				},
			],
			default: 'refreshToken',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Generate it at https://services.cloud.netapp.com/refresh-token',
			displayOptions: { show: { authType: ['refreshToken'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: BLUEXP_REFRESH_CLIENT_ID,
			required: true,
			description:
				"NetApp's public client ID for refresh tokens; change it only if NetApp gave you another one",
			displayOptions: { show: { authType: ['refreshToken'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The client ID of the BlueXP service account',
			displayOptions: { show: { authType: ['serviceAccount'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The client secret of the BlueXP service account',
			displayOptions: { show: { authType: ['serviceAccount'] } },
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'account-DpTFcxN3',
			description:
				'The BlueXP account ID (accountPublicId), shown in BlueXP under Account > Overview',
		},
		{
			displayName: 'Connector (Agent) ID',
			name: 'agentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'iZwFFeVCZjWnzGlw8RgD0QQNANZvpP7Iclients',
			description:
				'The BlueXP Connector ID, sent as the x-agent-id header. "clients" is appended when it is missing.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.bluexp.netapp.com',
			description:
				'The BlueXP API host. https://cloudmanager.cloud.netapp.com (the older host) works too.',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: 'https://api.bluexp.netapp.com/auth/oauth/token',
			description:
				'Where access tokens are obtained. Older tooling uses https://netapp-cloud-account.auth0.com/oauth/token.',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: 'https://api.cloud.netapp.com',
			description: 'The audience the access token is issued for',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** A new access token from the refresh token or the service account; only `access_token` is read. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<{ accessToken: string }> {
		const serviceAccount = credentials.authType === 'serviceAccount';
		const tokenUrl = String(
			credentials.tokenUrl || 'https://api.bluexp.netapp.com/auth/oauth/token',
		).trim();
		const audience = String(credentials.audience || 'https://api.cloud.netapp.com').trim();
		const clientId = String(credentials.clientId ?? '').trim();
		const fix = serviceAccount
			? 'check "Client ID" and "Client Secret" of the service account'
			: 'check "Refresh Token" (generate a new one at services.cloud.netapp.com/refresh-token) and "Client ID"';
		const body = serviceAccount
			? {
					grant_type: 'client_credentials',
					client_id: clientId,
					client_secret: String(credentials.clientSecret ?? ''),
					audience,
				}
			: {
					grant_type: 'refresh_token',
					refresh_token: String(credentials.refreshToken ?? '').trim(),
					client_id: clientId || BLUEXP_REFRESH_CLIENT_ID,
					audience,
				};
		let answer: IDataObject;
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				body,
				json: true,
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			})) as IDataObject;
		} catch (error) {
			const status = statusOf(error);
			if (status === undefined) {
				throw new TokenRequestError(
					`The token URL ${tokenUrl} could not be reached: check "Token URL"`,
					'502',
				);
			}
			const refused = status === 400 || status === 401 || status === 403;
			throw new TokenRequestError(
				refused
					? `BlueXP refused the ${serviceAccount ? 'service account' : 'refresh token'} (HTTP ${status}${oauthErrorOf(error)}): ${fix}`
					: `The token URL answered HTTP ${status}${oauthErrorOf(error)}: check "Token URL" and try again later`,
				String(status),
			);
		}
		const token = answer?.access_token;
		if (typeof token !== 'string' || !token) {
			throw new TokenRequestError(
				`The token URL answered without an access_token: check "Token URL" and "Audience", then ${fix}`,
				'502',
			);
		}
		return { accessToken: token };
	}

	/**
	 * The access token and the connector ID on every call: the one place `x-agent-id` is set,
	 * so the credential test and every node call send it the same way.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
				'x-agent-id': bluexpAgentId(credentials),
			},
		};
	}

	/** Token, account and connector together: the working environments Cloud Backup knows. */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{String($credentials.baseUrl || "https://api.bluexp.netapp.com").trim().replace(/\\/+$/, "") + "/account/" + encodeURIComponent(String($credentials.accountId).trim()) + "/providers/cloudmanager_cbs/api"}}',
			url: '/v1/backup/working-environment',
			headers: { Accept: 'application/json' },
		},
	};
}
