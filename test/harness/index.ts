/**
 * In-process workflow test harness: runs workflow JSON through n8n-core's real
 * WorkflowExecute (the path n8n's own node tests take), with a credentials helper that
 * applies credentials like n8n's CLI does, n8n's BinaryDataService in filesystem mode,
 * real expression resolution, pairedItem handling, continueOnFail and cancellation.
 */
// Must come first: sets N8N_* env vars before any n8n DI service is built.
import { binaryDataStoragePath } from './env';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	Cipher,
	EncryptionKeyProxy,
	ExecutionLifecycleHooks,
	InstanceSettings,
	ExternalSecretsProxy,
	LoadOptionsContext,
	WorkflowExecute,
	WorkflowHasIssuesError,
} from 'n8n-core';
import type { IEncryptionKeyProvider, KeyInfo } from 'n8n-core';
import type {
	ExecutionError,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { deepCopy, getVersionedNodeType, LoggerProxy, UserError, Workflow } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { HarnessCredential } from './credentials-helper';
import { HarnessCredentialsHelper, HarnessCredentialTypes } from './credentials-helper';
import { CapturingLogger } from './logging';
import type { BinaryRef } from './node-types';
import { HarnessNodeTypes, ITEMS_TYPE, MANUAL_TRIGGER_TYPE, pendingBinaries } from './node-types';
// runPoll: a node's poll() through n8n-core's real PollContext
import { PollContext } from 'n8n-core';
import type { WorkflowActivateMode } from 'n8n-workflow';

export type { HarnessCredential } from './credentials-helper';
export { HarnessCredentialsHelper, HarnessCredentialTypes } from './credentials-helper';
export { HarnessNodeTypes, ITEMS_TYPE, MANUAL_TRIGGER_TYPE } from './node-types';

export interface RunWorkflowOptions {
	workflow: {
		nodes: INode[];
		connections: IConnections;
		settings?: object;
		staticData?: IDataObject;
		/** optional, defaults to 'harness-workflow' */
		id?: string;
		name?: string;
	};
	/** key = full type name as used in workflow JSON, e.g. 'n8n-nodes-backup-restore.netAppOntap' */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** instances, e.g. [new NetAppOntapApi()] */
	credentialTypes?: ICredentialType[];
	/** node credential refs {id,name} resolve by id, falling back to the first credential of that type */
	credentials?: HarnessCredential[];
	/** cancel the execution after this many ms (for testing that waiting stops) */
	cancelAfterMs?: number;
}

export interface HarnessError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	name?: string;
	node?: string;
	context?: IDataObject;
}

export interface RunResult {
	runData: IRunData;
	/** Output items of a node's first run, main output 0 ([] if none) */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error that stopped the workflow (from resultData.error), undefined when it succeeded */
	error?: HarnessError;
	/** error of a specific node's run, if any */
	nodeError(nodeName: string): RunResult['error'];
	/** execution status ('success' | 'error' | 'canceled' | ...) */
	status: string;
	/** after run: lets tests see credential updates made by preAuthentication */
	credentialStore: HarnessCredential[];
	/** everything logged through n8n's LoggerProxy / Logger during the run */
	logs: string[];
	/** read a binary property's bytes via n8n's BinaryDataService */
	binaryBuffer(item: INodeExecutionData, property?: string): Promise<Buffer>;
	/** the raw IRun returned by WorkflowExecute, for anything not covered above */
	run: IRun;
}

export interface RunNodeOptions {
	/** full type name, e.g. 'n8n-nodes-backup-restore.netAppOntap' */
	nodeType: string;
	node: INodeType | IVersionedNodeType;
	/** default 1 */
	typeVersion?: number;
	parameters: Record<string, unknown>;
	/** the node gets credentials: {[type]: {id, name}} for each */
	credentials?: HarnessCredential[];
	credentialTypes?: ICredentialType[];
	/** default [{json:{}}]; binaries are stored through BinaryDataService/prepareBinaryData */
	inputItems?: Array<{
		json: IDataObject;
		binary?: Record<string, { data: Buffer; fileName?: string; mimeType?: string }>;
	}>;
	/** sets node.onError = 'continueRegularOutput' */
	continueOnFail?: boolean;
	/** n8n's On Error setting; `continueOnFail` is short for 'continueRegularOutput' */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	cancelAfterMs?: number;
}

/** Name of the trigger node runNode() puts in front of the items source. */
export const RUN_NODE_TRIGGER_NAME = 'When clicking ‘Execute workflow’';
/** Name of the items source node runNode() builds. */
export const RUN_NODE_ITEMS_NAME = 'Items';

const capturingLogger = new CapturingLogger();
let initialized: Promise<void> | undefined;

/**
 * One-time n8n-core setup for this module instance (= per jest test file):
 * 1. env vars (./env, imported first)
 * 2. the capturing logger as `@n8n/backend-common` Logger in the DI container and as
 *    LoggerProxy backend — before anything asks the container for a Logger
 * 3. an encryption key provider on EncryptionKeyProxy (n8n's CLI installs its DB-backed
 *    KeyManagerService at startup; without key rotation that serves the instance key as
 *    the legacy 'no-prefix' aes-256-cbc key, which is what we serve too). Credentials
 *    objects encrypt/decrypt through Cipher -> EncryptionKeyProxy.
 * 4. BinaryDataService built by the container from BinaryDataConfig (mode 'filesystem'
 *    from N8N_DEFAULT_BINARY_DATA_MODE) and `init()`ed, which sets up the filesystem manager.
 * InstanceSettings, Cipher, OutboundHttp, ErrorReporter, ExecutionContextService etc. are
 * then built lazily by the container with their real implementations.
 */
async function ensureInitialized(): Promise<void> {
	initialized ??= (async () => {
		Container.set(Logger, capturingLogger as unknown as Logger);
		LoggerProxy.init(capturingLogger);

		const cipher = Container.get(Cipher);
		const instanceKey: KeyInfo = {
			id: 'instance-key',
			value: cipher.encryptDEKWithInstanceKey(Container.get(InstanceSettings).encryptionKey),
			algorithm: 'aes-256-cbc',
			format: 'no-prefix',
		};
		const keyProvider: IEncryptionKeyProvider = {
			getActiveKey: async () => instanceKey,
			getLegacyKey: async () => instanceKey,
			getKeyById: async (id) => (id === instanceKey.id ? instanceKey : null),
		};
		Container.get(EncryptionKeyProxy).setProvider(keyProvider);

		const binaryDataService = Container.get(BinaryDataService);
		await binaryDataService.init();
	})();
	await initialized;
}

/** Where filesystem-mode binaries of this test file end up (a temp dir). */
export function getBinaryDataStoragePath() {
	return binaryDataStoragePath;
}

let executionCounter = 0;

function toHarnessError(error: unknown): HarnessError | undefined {
	if (error === undefined || error === null) return undefined;
	const e = error as ExecutionError & {
		httpCode?: string | null;
		node?: INode | string;
		context?: IDataObject;
		name?: string;
	};
	return {
		message: e.message,
		description: e.description,
		httpCode: e.httpCode,
		name: e.name,
		node: typeof e.node === 'object' && e.node !== null ? e.node.name : e.node,
		context: e.context,
	};
}

function pickStartNode(workflow: Workflow, nodes: INode[]): INode {
	const start = workflow.getStartNode();
	if (start) return start;
	// No trigger: start at the first enabled node without incoming main connections.
	const withInput = new Set(Object.keys(workflow.connectionsByDestinationNode));
	const root = nodes.find((n) => !n.disabled && !withInput.has(n.name));
	if (!root) throw new UserError('No node to start the workflow from could be found');
	return workflow.nodes[root.name];
}

function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	workflowId: string,
	settings: IWorkflowSettings,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => () => {
		throw new UserError(`${what} is not available in the test harness`);
	};
	const baseUrl = 'http://localhost:5678/';
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}form`,
		formWaitingBaseUrl: `${baseUrl}form-waiting`,
		formTestBaseUrl: `${baseUrl}form-test`,
		webhookBaseUrl: `${baseUrl}webhook`,
		webhookWaitingBaseUrl: `${baseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}webhook-test`,
		mcpBaseUrl: `${baseUrl}mcp`,
		mcpTestBaseUrl: `${baseUrl}mcp-test`,
		variables: {},
		workflowSettings: settings,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notAvailable('The task runner (Code node)'),
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
	if (typeof settings.executionTimeout === 'number' && settings.executionTimeout > 0) {
		additionalData.executionTimeoutTimestamp = Date.now() + settings.executionTimeout * 1000;
	}
	return additionalData;
}

/** Run a workflow in-process through n8n-core's WorkflowExecute ('manual' mode). */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	await ensureInitialized();
	const logs = capturingLogger.startCapture();

	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		options.credentials ?? [],
		nodeTypes,
		MANUAL_TRIGGER_TYPE,
	);

	// New n8n workflows use executionOrder 'v1'; default to it unless the test says otherwise.
	const settings: IWorkflowSettings = {
		executionOrder: 'v1',
		...(options.workflow.settings as IWorkflowSettings | undefined),
	};
	const workflowId = options.workflow.id ?? 'harness-workflow';
	const workflowName = options.workflow.name ?? 'Harness workflow';
	const nodes = deepCopy(options.workflow.nodes);
	const connections = deepCopy(options.workflow.connections);
	const workflow = new Workflow({
		id: workflowId,
		name: workflowName,
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: deepCopy(options.workflow.staticData ?? {}),
		settings,
	});

	const executionId = `${++executionCounter}`;
	const workflowData = {
		id: workflowId,
		name: workflowName,
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = buildAdditionalData(
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		settings,
	);

	const workflowExecute = new WorkflowExecute(additionalData, 'manual');
	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = workflowExecute.run({ workflow, startNode: pickStartNode(workflow, nodes) });
	} catch (error) {
		if (error instanceof WorkflowHasIssuesError) {
			// n8n refuses to start such a workflow; surface the details to the test.
			throw new UserError(`Workflow cannot run: ${error.message}`);
		}
		throw error;
	}

	let cancelTimer: NodeJS.Timeout | undefined;
	if (options.cancelAfterMs !== undefined) {
		cancelTimer = setTimeout(() => execution.cancel(), options.cancelAfterMs);
	}
	let run: IRun;
	try {
		run = await execution;
	} finally {
		if (cancelTimer) clearTimeout(cancelTimer);
	}

	const runData = run.data.resultData.runData;
	const output = (nodeName: string, outputIndex = 0): INodeExecutionData[] =>
		runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [];

	return {
		run,
		runData,
		output,
		error: toHarnessError(run.data.resultData.error),
		nodeError: (nodeName: string) => toHarnessError(runData[nodeName]?.[0]?.error),
		status: run.status,
		credentialStore: credentialsHelper.store,
		logs,
		binaryBuffer: async (item: INodeExecutionData, property = 'data') => {
			const binary = item.binary?.[property];
			if (!binary) {
				throw new UserError(
					`Item has no binary property "${property}" (has: ${Object.keys(item.binary ?? {}).join(', ') || 'none'})`,
				);
			}
			return await Container.get(BinaryDataService).getAsBuffer(binary);
		},
	};
}

/** Convenience: [manual trigger] -> [Items] -> [node under test], run and return the node's output. */
export async function runNode(
	options: RunNodeOptions,
): Promise<RunResult & { items: INodeExecutionData[]; nodeName: string }> {
	const typeVersion = options.typeVersion ?? 1;
	const description = getVersionedNodeType(options.node, typeVersion).description;
	let nodeName = description.defaults?.name ?? description.displayName ?? 'Node';
	if (nodeName === RUN_NODE_ITEMS_NAME || nodeName === RUN_NODE_TRIGGER_NAME) {
		nodeName = `${nodeName} (under test)`;
	}

	const credentials = (options.credentials ?? []).map((credential, index) => ({
		...credential,
		id: credential.id ?? `harness-credential-${index + 1}`,
		name: credential.name ?? `${credential.type} account`,
	}));
	const nodeCredentials: INodeCredentials = {};
	for (const credential of credentials) {
		nodeCredentials[credential.type] ??= { id: credential.id, name: credential.name };
	}

	const refs: string[] = [];
	const items = (options.inputItems ?? [{ json: {} }]).map((item) => {
		if (!item.binary) return { json: item.json };
		const binary: Record<string, BinaryRef> = {};
		for (const [property, { data, fileName, mimeType }] of Object.entries(item.binary)) {
			const ref = randomUUID();
			pendingBinaries.set(ref, data);
			refs.push(ref);
			binary[property] = { __harnessBinaryRef: ref, fileName, mimeType };
		}
		return { json: item.json, binary };
	});

	const trigger: INode = {
		id: randomUUID(),
		name: RUN_NODE_TRIGGER_NAME,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const itemsNode: INode = {
		id: randomUUID(),
		name: RUN_NODE_ITEMS_NAME,
		type: ITEMS_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { items } as unknown as INodeParameters,
	};
	const nodeUnderTest: INode = {
		id: randomUUID(),
		name: nodeName,
		type: options.nodeType,
		typeVersion,
		position: [400, 0],
		parameters: deepCopy(options.parameters) as INodeParameters,
		...(credentials.length ? { credentials: nodeCredentials } : {}),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
	};

	try {
		const result = await runWorkflow({
			workflow: {
				nodes: [trigger, itemsNode, nodeUnderTest],
				connections: {
					[trigger.name]: { main: [[{ node: itemsNode.name, type: 'main', index: 0 }]] },
					[itemsNode.name]: { main: [[{ node: nodeUnderTest.name, type: 'main', index: 0 }]] },
				},
			},
			nodeTypes: { [options.nodeType]: options.node },
			credentialTypes: options.credentialTypes,
			credentials,
			cancelAfterMs: options.cancelAfterMs,
		});
		return { ...result, items: result.output(nodeName), nodeName };
	} finally {
		for (const ref of refs) pendingBinaries.delete(ref);
	}
}

export interface RunListSearchOptions {
	nodeType: string;
	node: INodeType;
	/** the listSearch method name, e.g. 'searchClusterNodes' */
	method: string;
	filter?: string;
	paginationToken?: string;
	credentials: HarnessCredential[];
	credentialTypes: ICredentialType[];
	parameters?: Record<string, unknown>;
}

/**
 * Calls a node's `methods.listSearch` method the way the editor does when a user
 * opens a resource locator: through n8n-core's real LoadOptionsContext, so the
 * credential is applied by the same helper as in a run.
 */
export async function runListSearch(options: RunListSearchOptions) {
	await ensureInitialized();
	const nodeTypes = new HarnessNodeTypes({ [options.nodeType]: options.node });
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		options.credentials,
		nodeTypes,
		MANUAL_TRIGGER_TYPE,
	);
	const nodeCredentials: INodeCredentials = {};
	for (const credential of options.credentials) {
		nodeCredentials[credential.type] ??= {
			id: credential.id ?? credential.type,
			name: credential.name ?? credential.type,
		};
	}
	const node: INode = {
		id: randomUUID(),
		name: 'Node',
		type: options.nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INodeParameters,
		credentials: nodeCredentials,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowData = {
		id: 'list-search',
		name: 'list search',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase;
	const additionalData = buildAdditionalData(
		credentialsHelper,
		new ExecutionLifecycleHooks('manual', 'list-search', workflowData),
		'list-search',
		'list-search',
		{},
	);
	// the editor sends the node's parameters as they are on screen
	additionalData.currentNodeParameters = (options.parameters ?? {}) as INodeParameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const method = options.node.methods?.listSearch?.[options.method];
	if (!method) throw new UserError(`The node has no listSearch method "${options.method}"`);
	return await method.call(context, options.filter, options.paginationToken);
}

export interface RunPollOptions {
	/** full type name, e.g. 'n8n-nodes-backup-restore.ibmQradarTrigger' */
	nodeType: string;
	node: INodeType | IVersionedNodeType;
	/** default 1 */
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	/** the node gets credentials: {[type]: {id, name}} for each */
	credentials?: HarnessCredential[];
	credentialTypes?: ICredentialType[];
	/** The workflow's static data before this poll (what n8n saved after the previous one). */
	staticData?: IDataObject;
	/**
	 * 'trigger' (default): a poll of an active workflow (activation 'activate');
	 * 'manual': the editor's "Fetch Test Event".
	 */
	mode?: 'trigger' | 'manual';
	/** default 'Trigger' */
	nodeName?: string;
}

export interface RunPollResult {
	/** What poll() returned: output items, or null for "nothing new". Null when it threw, too. */
	data: INodeExecutionData[][] | null;
	/** Items of output 0 ([] when poll() returned null or threw) */
	items: INodeExecutionData[];
	/** The error poll() threw (n8n hands it to __emitError in an active workflow) */
	error?: HarnessError;
	/** after the poll: lets tests see credential updates made by preAuthentication */
	credentialStore: HarnessCredential[];
	/** The workflow's static data after the poll, as n8n would save it */
	staticData: IDataObject;
	/** This node's static data after the poll (`getWorkflowStaticData('node')`) */
	nodeStaticData: IDataObject;
	/** everything logged through n8n's LoggerProxy / Logger during the poll */
	logs: string[];
	nodeName: string;
}

/**
 * Runs a polling node's `poll()` once the way n8n does for an active workflow: through
 * n8n-core's real PollContext (the credential read as a trigger reads it, applied by the
 * same helper as in a run, preAuthentication and token persistence included), with the
 * workflow's static data carried in and out.
 */
export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	await ensureInitialized();
	const logs = capturingLogger.startCapture();
	const mode = options.mode ?? 'trigger';
	const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';

	const nodeTypes = new HarnessNodeTypes({ [options.nodeType]: options.node });
	const credentials = (options.credentials ?? []).map((credential, index) => ({
		...credential,
		id: credential.id ?? `harness-credential-${index + 1}`,
		name: credential.name ?? `${credential.type} account`,
	}));
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		credentials,
		nodeTypes,
		MANUAL_TRIGGER_TYPE,
	);
	const nodeCredentials: INodeCredentials = {};
	for (const credential of credentials) {
		nodeCredentials[credential.type] ??= { id: credential.id, name: credential.name };
	}
	const nodeName = options.nodeName ?? 'Trigger';
	const node: INode = {
		id: randomUUID(),
		name: nodeName,
		type: options.nodeType,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: deepCopy(options.parameters ?? {}) as INodeParameters,
		...(credentials.length ? { credentials: nodeCredentials } : {}),
	};
	const workflowId = 'harness-poll-workflow';
	const settings: IWorkflowSettings = { executionOrder: 'v1' };
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness poll workflow',
		nodes: [node],
		connections: {},
		active: mode !== 'manual',
		nodeTypes,
		staticData: deepCopy(options.staticData ?? {}),
		settings,
	});
	const executionId = `poll-${++executionCounter}`;
	const workflowData = {
		id: workflowId,
		name: 'Harness poll workflow',
		active: mode !== 'manual',
		isArchived: false,
		nodes: [node],
		connections: {},
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const additionalData = buildAdditionalData(
		credentialsHelper,
		new ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		workflowId,
		settings,
	);

	const nodeType = getVersionedNodeType(options.node, node.typeVersion);
	if (typeof nodeType.poll !== 'function') {
		throw new UserError(`The node type "${options.nodeType}" has no poll method`);
	}
	const context = new PollContext(workflow, node, additionalData, mode, activation);
	let data: INodeExecutionData[][] | null = null;
	let error: HarnessError | undefined;
	try {
		data = await nodeType.poll.call(context);
	} catch (thrown) {
		error = toHarnessError(thrown);
	}
	const staticData = deepCopy(workflow.staticData) as IDataObject;
	return {
		data,
		items: data?.[0] ?? [],
		error,
		credentialStore: credentialsHelper.store,
		staticData,
		nodeStaticData: (staticData[`node:${nodeName}`] as IDataObject | undefined) ?? {},
		logs,
		nodeName,
	};
}
