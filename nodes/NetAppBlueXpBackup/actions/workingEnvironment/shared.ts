import { wholeList } from '../../transport';

export const WE_KEYS = ['working-environment', 'workingEnvironments', 'working-environments'];

/** BlueXP lists every working environment in one answer. */
export const workingEnvironmentPaging = wholeList(WE_KEYS);
