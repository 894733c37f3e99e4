import { segment, wholeList } from '../../transport';

export const WE_PATH = 'v1/working-environment';
export const wePath = (we: string) => `${WE_PATH}/${segment(we)}`;

export const WE_KEYS = ['working-environment', 'workingEnvironments', 'working-environments'];

/** BlueXP lists every working environment in one answer. */
export const workingEnvironmentPaging = wholeList(WE_KEYS);
