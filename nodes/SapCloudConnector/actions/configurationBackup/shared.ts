import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameter, schemas } from '../../../shared/validation';

export const backupPasswordProperty: INodeProperties = {
	displayName: 'Backup Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	required: true,
};

export const binaryPropertyNameProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
};

/** The backup password (never empty) and the binary field the ZIP is in or goes to. */
export function readBackupParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fieldLabel: string,
) {
	return {
		password: parameter(
			ctx,
			itemIndex,
			'password',
			'Backup Password',
			// spaces are kept: they may be part of the password
			schemas.secret,
		),
		binaryPropertyName: parameter(
			ctx,
			itemIndex,
			'binaryPropertyName',
			fieldLabel,
			schemas.requiredText,
		),
	};
}
