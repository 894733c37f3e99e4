import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { pollStreams, type Watch } from '../shared/cursor';
import { sapClient, segment, VERSION_PATH } from '../SapCloudConnector/transport';

export const EVENTS = ['configurationChanged'] as const;
export type TriggerEvent = (typeof EVENTS)[number];

export const CONNECTOR_PATH = '/api/v1/configuration/connector';
export const SUBACCOUNTS_PATH = '/api/v1/configuration/subaccounts';

/** The parts of the connector the trigger compares, in the order `changed` names them. */
export const PARTS = ['version', 'connector', 'subaccounts'] as const;
export type Part = (typeof PARTS)[number];

/** What a poll keeps of the connector: its version (for `previousVersion`) and one fingerprint a part. */
interface Note extends IDataObject {
	version: string | null;
	fingerprints: Record<Part, string>;
}

/** The connector as one poll read it (already redacted). */
interface ConnectorState extends IDataObject {
	version: string | null;
	versionAnswer: IDataObject;
	connector: IDataObject;
	subaccounts: IDataObject[];
}

/** JSON with every object's keys sorted: the same content always gives the same text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		return `{${Object.keys(record)
			.filter((key) => record[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function fingerprint(value: unknown): string {
	return createHash('sha256').update(canonical(value)).digest('hex');
}

function asObject(answer: unknown): IDataObject {
	return answer && typeof answer === 'object' && !Array.isArray(answer)
		? { ...(answer as IDataObject) }
		: { value: answer as IDataObject[keyof IDataObject] };
}

/** Links say where things are, not how they are configured. */
function withoutLinks(record: IDataObject): IDataObject {
	const kept = { ...record };
	delete kept._links;
	return kept;
}

/**
 * A subaccount's configuration: its details without the links and without the tunnel, whose
 * state, connection count and certificate change while the configuration stays the same.
 */
function subaccountConfiguration(details: IDataObject): IDataObject {
	const kept = withoutLinks(details);
	delete kept.tunnel;
	return kept;
}

const subaccountKey = (record: IDataObject) =>
	`${String(record.regionHost ?? '').toLowerCase()}/${String(record.subaccount ?? '').toLowerCase()}`;

/**
 * Reads the connector: its version, its own settings, its subaccounts and each one's details
 * (the list holds only region host, ID and location ID; display name and description come
 * with the details). One client for all calls, every answer redacted as the SAP node's are.
 */
async function readConnector(ctx: IPollFunctions): Promise<ConnectorState> {
	const client = sapClient(ctx);
	const get = async (path: string): Promise<unknown> =>
		client.redact((await client.request<unknown>({ method: 'GET', path })).body);
	const versionAnswer = withoutLinks(asObject(await get(VERSION_PATH)));
	const connector = withoutLinks(asObject(await get(CONNECTOR_PATH)));
	const listed = await get(SUBACCOUNTS_PATH);
	const subaccounts: IDataObject[] = [];
	for (const entry of Array.isArray(listed) ? (listed as IDataObject[]) : []) {
		const path = `${SUBACCOUNTS_PATH}/${segment(String(entry.regionHost ?? ''))}/${segment(
			String(entry.subaccount ?? ''),
		)}`;
		subaccounts.push(subaccountConfiguration(asObject(await get(path))));
	}
	// sorted here: the order the connector lists them in is no change
	subaccounts.sort((a, b) => subaccountKey(a).localeCompare(subaccountKey(b)));
	const version = versionAnswer.version;
	return {
		version: typeof version === 'string' ? version : null,
		versionAnswer,
		connector,
		subaccounts,
	};
}

function fingerprintsOf(state: ConnectorState): Record<Part, string> {
	return {
		version: fingerprint(state.versionAnswer),
		connector: fingerprint(state.connector),
		subaccounts: fingerprint(state.subaccounts),
	};
}

/**
 * The connector as one watched record (id `connector`). What a poll keeps of it is its
 * version and a SHA-256 fingerprint of each part, never the configuration itself: the
 * static data stays small and holds no description, subaccount or user. A part whose
 * fingerprint differs from the last poll's has changed; one item names every changed part.
 */
function connectorWatch(ctx: IPollFunctions): Watch {
	return {
		key: 'connector',
		async read() {
			const state = await readConnector(ctx);
			return [{ ...state, fingerprints: fingerprintsOf(state) }];
		},
		idOf: () => 'connector',
		noteOf: (record): Note => ({
			version: (record.version as string | null) ?? null,
			fingerprints: record.fingerprints as Record<Part, string>,
		}),
		changes(now, before) {
			// the connector is always listed; a manual run (no note) shows it as it is now
			if (!now) return [];
			const note = before as Note | undefined;
			const current = now.fingerprints as Record<Part, string>;
			const changed = note
				? PARTS.filter((part) => note.fingerprints?.[part] !== current[part])
				: [];
			if (note && !changed.length) return [];
			return [
				{
					json: {
						event: 'configurationChanged',
						version: now.version,
						previousVersion: note ? (note.version ?? null) : null,
						changed,
						connector: now.connector,
						subaccounts: now.subaccounts,
					},
				},
			];
		},
	};
}

/** One poll (see nodes/shared/cursor.ts: the first one of an activation only notes where the connector stands). */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	return await pollStreams(
		ctx,
		events.includes('configurationChanged') ? [connectorWatch(ctx)] : [],
	);
}
