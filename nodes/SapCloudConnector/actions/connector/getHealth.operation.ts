import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { sapClient, VERSION_PATH } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getHealth'] } },
	[],
);

/**
 * Parts of the monitoring API that only later 2.x connectors offer (SAP's Cloud Connector
 * monitoring API: memory and disk came after the subaccount and backend monitors). An
 * older connector answers them as an unknown resource.
 */
const OPTIONAL_PARTS = {
	memory: '/api/monitoring/memory',
	disk: '/api/monitoring/disk',
} as const;

type OptionalPart = keyof typeof OPTIONAL_PARTS;

/** Answers that say "this connector has no such endpoint", not "something is wrong". */
const NOT_OFFERED = ['404', '405', '501'];

export interface UnavailablePart {
	part: OptionalPart;
	reason: string;
}

/**
 * One item that says whether the connector is fit to take a backup: it answers (with its
 * version), its role, and its memory and disk use from the monitoring API. A monitoring
 * part this connector version does not offer is listed in `unavailable` (and is `null`)
 * instead of failing the whole check; a refused credential or an outage still fails it.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = sapClient(this);
	await client.credentials(itemIndex);
	const read = async (path: string) =>
		client.redact((await client.request<IDataObject>({ method: 'GET', path, itemIndex })).body);
	const unavailable: UnavailablePart[] = [];
	const readOptional = async (part: OptionalPart): Promise<IDataObject | null> => {
		try {
			return await read(OPTIONAL_PARTS[part]);
		} catch (error) {
			if (error instanceof NodeApiError && NOT_OFFERED.includes(String(error.httpCode))) {
				unavailable.push({
					part,
					reason: `not offered by this Cloud Connector version (HTTP ${error.httpCode})`,
				});
				return null;
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};
	// every part is settled before the operation ends (none is left running after a failure);
	// the first failure in this order is the one reported
	const settled = await Promise.allSettled([
		read(VERSION_PATH),
		read('/api/v1/configuration/connector'),
		readOptional('memory'),
		readOptional('disk'),
	]);
	const failed = settled.find((outcome) => outcome.status === 'rejected');
	if (failed) throw asNodeError(this.getNode(), failed.reason, itemIndex);
	const answers = settled.map((outcome) =>
		outcome.status === 'fulfilled' ? outcome.value : null,
	) as [IDataObject, IDataObject, IDataObject | null, IDataObject | null];
	const [version, connector, memory, disk] = answers;
	const order = Object.keys(OPTIONAL_PARTS);
	unavailable.sort((a, b) => order.indexOf(a.part) - order.indexOf(b.part));
	return [
		{
			json: {
				status: 'UP',
				checkedAt: new Date().toISOString(),
				version: version.version ?? null,
				ha: connector.ha ?? null,
				memory,
				disk,
				unavailable: unavailable as unknown as IDataObject[],
			},
		},
	];
}
