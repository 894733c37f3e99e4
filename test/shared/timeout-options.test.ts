/**
 * Type-version-specific option behaviour belongs to the node that had the old version
 * (ONTAP 1 kept `options.timeout` as a read's limit), never to the core: every other node
 * shows its per-call limit as Request Timeout, whatever its own type version.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { IbmQradar } from '../../nodes/IbmQradar/IbmQradar.node';
import { NetAppBlueXpBackup } from '../../nodes/NetAppBlueXpBackup/NetAppBlueXpBackup.node';
import { NetAppOntap } from '../../nodes/NetAppOntap/NetAppOntap.node';
import { SapCloudConnector } from '../../nodes/SapCloudConnector/SapCloudConnector.node';
import { BACKUP_PATH, createParameters, runSap, useSapEmulator } from '../sap/helpers';

const emulator = useSapEmulator();

/** Every property below `properties`, options of collections included. */
function walk(properties: INodeProperties[], found: INodeProperties[] = []): INodeProperties[] {
	for (const property of properties) {
		found.push(property);
		const children = (property.options ?? []) as unknown[];
		walk(
			children.filter((child): child is INodeProperties => !!(child as INodeProperties).type),
			found,
		);
	}
	return found;
}

const versionBound = (property: INodeProperties) =>
	JSON.stringify(property.displayOptions ?? {}).includes('@version');

describe('per-call timeout options', () => {
	it('SAP Cloud Connector Create shows Request Timeout at its type version', () => {
		const description = new SapCloudConnector().description;
		const options = description.properties.find(
			(property) =>
				property.name === 'options' && JSON.stringify(property.displayOptions).includes('"create"'),
		);
		const requestTimeout = (options?.options as INodeProperties[]).find(
			(option) => option.name === 'requestTimeout',
		);
		expect(requestTimeout).toMatchObject({
			displayName: 'Request Timeout (Seconds)',
			default: 300,
		});
		expect(requestTimeout?.displayOptions).toBeUndefined();
	});

	it('only ONTAP, which had a type version 1, has options bound to a type version', () => {
		const descriptions: INodeTypeDescription[] = [
			new SapCloudConnector().description,
			new IbmQradar().description,
			new NetAppBlueXpBackup().description,
		];
		for (const description of descriptions) {
			expect(walk(description.properties).filter(versionBound)).toEqual([]);
		}
		expect(
			walk(new NetAppOntap().description.properties).filter(versionBound).length,
		).toBeGreaterThan(0);
	});

	it('SAP Create honours Request Timeout: a slower answer is an error, and the backup is asked for once', async () => {
		emulator().faults.slowNext(1, 3000, (request) => request.path === BACKUP_PATH);
		const result = await runSap(emulator(), createParameters({ options: { requestTimeout: 1 } }));

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('SAP Cloud Connector did not answer within 1 s');
		expect(emulator().requests.filter((request) => request.path === BACKUP_PATH)).toHaveLength(1);
	});
});
