import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FilterSpec } from '../../filters';
import { collectionProperties, listCollection } from '../collection';

const show = { resource: ['ndmpSession'], operation: ['getAll'] };

const text = (apiName: string, description?: string): FilterSpec => ({
	apiName,
	type: 'string',
	description,
});
const number = (apiName: string, description?: string): FilterSpec => ({
	apiName,
	type: 'number',
	description,
});

/** Every query filter ONTAP documents for GET /protocols/ndmp/sessions. */
const filters: FilterSpec[] = [
	text('backup_engine', 'Only sessions of this backup engine, e.g. dump or smtape'),
	text('client_address'),
	number('client_port'),
	number('data.bytes_processed'),
	text('data.connection.address'),
	number('data.connection.port'),
	text('data.connection.type'),
	text(
		'data.operation',
		'Only sessions whose data server runs this operation, e.g. backup or restore',
	),
	text('data.reason'),
	text('data.state', 'Only sessions whose data server is in this state, e.g. halted or active'),
	text('data_path', 'Only sessions on this path, e.g. /vserver1/vol1'),
	text('id'),
	number('mover.bytes_moved'),
	text('mover.connection.address'),
	number('mover.connection.port'),
	text('mover.connection.type'),
	text('mover.mode'),
	text('mover.reason'),
	text('mover.state'),
	text('node.name'),
	text('node.uuid'),
	text('scsi.device_id'),
	number('scsi.host_adapter'),
	number('scsi.lun_id'),
	number('scsi.target_id'),
	text('source_address'),
	text('svm.name'),
	text('svm.uuid'),
	text('tape_device'),
	text('tape_mode'),
	text('uuid', 'Only sessions owned by this node or SVM UUID (ONTAP 9.9+)'),
];

export const description = updateDisplayOptions({ show }, collectionProperties(filters));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(this, itemIndex, '/api/protocols/ndmp/sessions', filters);
}
