import { segment } from '../../transport';

export const sfrVolumePath = (volume: string) => `v2/sfr/volume/${segment(volume)}`;
