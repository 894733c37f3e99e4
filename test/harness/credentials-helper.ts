import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	getCredentialOwnRequestAllowedDomains,
	getNodeParameters,
	ICredentialsHelper,
	isExpression,
	mergeNodeProperties,
	UnexpectedError,
	UserError,
	Workflow,
} from 'n8n-workflow';

/** A credential as the test provides it, i.e. what n8n would store (decrypted). */
export interface HarnessCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
	id?: string;
	name?: string;
}

/** Stored credential: always has an id and a name. */
export type StoredCredential = HarnessCredential & { id: string; name: string };

/** Registry of credential type instances, with n8n's `extends` resolution. */
export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[] = []) {
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	recognizes(typeName: string) {
		return this.types.has(typeName);
	}

	getByName(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (!type) {
			throw new UnexpectedError(
				`Unknown credential type "${typeName}" (pass an instance in credentialTypes)`,
			);
		}
		return type;
	}

	/** All ancestors named via `extends`, nearest first (like n8n's CredentialTypes.getParentTypes). */
	getParentTypes(typeName: string): string[] {
		const type = this.types.get(typeName);
		if (type?.extends === undefined) return [];
		const parents = [...type.extends];
		for (const parent of type.extends) parents.push(...this.getParentTypes(parent));
		return parents;
	}
}

/**
 * ICredentialsHelper for tests. It follows packages/cli/src/credentials-helper.ts of
 * n8n 2.41 (authenticate, preAuthentication, getDecrypted with defaults and expression
 * resolution, updateCredentials) but keeps the credentials in memory instead of the DB.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly store: StoredCredential[];

	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		credentials: HarnessCredential[],
		/** Used to build the throwaway workflow for resolving credential expressions outside a node run. */
		private readonly nodeTypes: INodeTypes,
		private readonly mockNodeType: string,
	) {
		super();
		this.store = credentials.map((credential, index) => ({
			type: credential.type,
			id: credential.id ?? `harness-credential-${index + 1}`,
			name: credential.name ?? `${credential.type} account`,
			data: structuredClone(credential.data),
		}));
	}

	/** Node credential refs resolve by id, falling back to the first credential of that type. */
	private findStored(nodeCredentials: INodeCredentialsDetails | undefined, type: string) {
		const byId =
			nodeCredentials?.id !== undefined && nodeCredentials?.id !== null
				? this.store.find((c) => c.id === nodeCredentials.id && c.type === type)
				: undefined;
		const found = byId ?? this.store.find((c) => c.type === type);
		if (!found) {
			// Same wording as n8n's CredentialNotFoundError
			throw new UserError(
				`Credential with ID "${nodeCredentials?.id ?? ''}" does not exist for type "${type}".`,
			);
		}
		return found;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][String(keyResolved)] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	/** Like n8n: resolve `={{...}}` against `$credentials` with the workflow's expression engine. */
	private resolveValue(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): unknown {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!resolved) return '';
		return resolved.toString();
	}

	/** n8n's restrictToCredentialDomains wrapper around the helpers handed to preAuthentication. */
	private restrictToCredentialDomains(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): IHttpRequestHelper {
		return {
			helpers: {
				httpRequest: async (requestOptions: IHttpRequestOptions) => {
					const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
					if (allowedDomains === undefined) {
						return await helpers.helpers.httpRequest(requestOptions);
					}
					if (requestOptions.allowedDomains !== undefined) {
						throw new UserError(
							'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
						);
					}
					return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
				},
			},
		} as IHttpRequestHelper;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirableProperty.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(
			this.restrictToCredentialDomains(helpers, credentials),
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirableProperty.name] === undefined) return undefined;

		if (node.credentials) {
			const nodeCredentials = node.credentials[credentialType.name];
			const storedData = await (await this.getCredentials(nodeCredentials, typeName)).getData();
			const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
			for (const [key, value] of Object.entries(output)) {
				// n8n never overwrites fields the user wrote as expressions (except the token itself)
				if (key === expirableProperty.name || !isExpression(storedData[key])) {
					dataToPersist[key] = value;
				}
			}
			await this.updateCredentials(nodeCredentials, typeName, dataToPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(
			this.restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	getParentTypes(typeName: string): string[] {
		return this.credentialTypes.getParentTypes(typeName);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return (typeDef.supportedNodes ?? []).some(
			(supported) => supported === nodeType || nodeType.endsWith(`.${supported}`),
		);
	}

	/** What n8n's database would hold: each credential encrypted once, until it is updated. */
	private readonly encrypted = new WeakMap<StoredCredential, { data: object; text: string }>();

	/**
	 * A real n8n-core Credentials object (encrypted with the harness encryption key), read
	 * like n8n reads it from its database: decrypted on every read, encrypted only on save.
	 */
	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const stored = this.findStored(nodeCredentials, type);
		const ref = { id: stored.id, name: stored.name };
		let saved = this.encrypted.get(stored);
		// a test may also replace `data` in the store directly
		if (saved?.data !== stored.data) {
			const fresh = new Credentials(ref, stored.type);
			await fresh.setData(structuredClone(stored.data));
			saved = { data: stored.data, text: fresh.getDataToSave().data as string };
			this.encrypted.set(stored, saved);
		}
		return new Credentials(ref, stored.type, saved.text);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData.extends === undefined) return credentialTypeData.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialTypeData.extends) {
			mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		mergeNodeProperties(combined, credentialTypeData.properties);
		return combined;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		// Round-trip through encryption like n8n does, so each call gets a fresh copy.
		const original = await (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return original;

		const properties = this.getCredentialsProperties(type);
		// Apply the credential type's defaults for missing fields (n8n: NodeHelpers.getNodeParameters)
		let decrypted = (getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		// Fields that are not declared properties survive, as in n8n
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (decrypted[key] === undefined && original[key] !== undefined) {
				decrypted[key] = original[key];
			}
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const mockNode: INode = {
				id: 'credential-resolution',
				name: '',
				typeVersion: 1,
				type: this.mockNodeType,
				position: [0, 0],
				parameters: {},
			};
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: this.nodeTypes,
			});
			await workflow.expression.acquireIsolate();
			try {
				decrypted = workflow.expression.getComplexParameterValue(
					mockNode,
					decrypted as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} finally {
				await workflow.expression.releaseIsolate();
			}
		}
		return decrypted;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.findStored(nodeCredentials, type);
		// Encrypt/decrypt round trip: only JSON-serializable data survives, as in n8n's DB.
		const credentials = new Credentials({ id: stored.id, name: stored.name }, type);
		await credentials.setData(data);
		stored.data = await credentials.getData();
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.findStored(nodeCredentials, type);
		await this.updateCredentials(nodeCredentials, type, {
			...stored.data,
			oauthTokenData: data.oauthTokenData,
		});
	}
}
