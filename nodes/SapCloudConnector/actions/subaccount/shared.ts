import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty } from '../../../shared/descriptions';
import { parameter, schemas } from '../../../shared/validation';
import { segment } from '../../transport';

export const SUBACCOUNTS_PATH = '/api/v1/configuration/subaccounts';

/** A subaccount is named by its region host and its ID. */
export const subaccountProperties: INodeProperties[] = [
	{
		displayName: 'Region Host',
		name: 'regionHost',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'cf.eu10.hana.ondemand.com',
		description: 'The SAP BTP region host of the subaccount',
	},
	locatorProperty({
		name: 'subaccount',
		displayName: 'Subaccount',
		searchListMethod: 'searchSubaccounts',
		id: { displayName: 'By ID', placeholder: '0a1b2c3d-4e5f-6789-abcd-ef0123456789' },
	}),
];

export function readSubaccount(ctx: IExecuteFunctions, itemIndex: number) {
	const regionHost = parameter(ctx, itemIndex, 'regionHost', 'Region Host', schemas.pathSegment);
	const subaccount = parameter(ctx, itemIndex, 'subaccount', 'Subaccount', schemas.pathSegment);
	return {
		regionHost,
		subaccount,
		path: `${SUBACCOUNTS_PATH}/${segment(regionHost)}/${segment(subaccount)}`,
	};
}
