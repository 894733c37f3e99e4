import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameter, schemas } from '../../../shared/validation';
import { segment } from '../../transport';

/** A session is named by its owner (node or SVM UUID, per NDMP mode) and its id. */
export function sessionProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Owner UUID',
			name: 'ownerUuid',
			type: 'string',
			default: '',
			required: true,
			placeholder: '13bb2092-458b-11e9-9c06-0050568ea604',
			description:
				'UUID of the SVM (SVM scope) or node (node scope) that owns the session: the "uuid" field of a listed session',
		},
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '2000:4000',
			description: 'The session\'s "ID" field, e.g. 2000 in node scope or 2000:4000 in SVM scope',
		},
	];
}

const sessionIdSchema = schemas.pathSegment.refine((value) => !/\s/.test(value), {
	message: 'must not contain spaces',
});

export function readSession(ctx: IExecuteFunctions, itemIndex: number) {
	const ownerUuid = parameter(ctx, itemIndex, 'ownerUuid', 'Owner UUID', schemas.uuid);
	const sessionId = parameter(ctx, itemIndex, 'sessionId', 'Session ID', sessionIdSchema);
	return {
		ownerUuid,
		sessionId,
		path: `/api/protocols/ndmp/sessions/${segment(ownerUuid)}/${segment(sessionId)}`,
	};
}
