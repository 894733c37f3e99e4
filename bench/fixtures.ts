/** What the bench's emulators hold, shared by the orchestrator and its child processes. */
import type { OntapEmulator } from '../test/emulators/ontap';

export const USERNAME = 'admin';
export const PASSWORD = 'netapp1!';
export const ACCEPT = 'application/hal+json, application/json';
export const SESSIONS_PATH = '/api/protocols/ndmp/sessions';
export const ONTAP_TYPE = 'n8n-nodes-backup-restore.netAppOntap';
export const QRADAR_TYPE = 'n8n-nodes-backup-restore.ibmQradar';
export const QRADAR_BACKUPS_PATH = '/api/backup_and_restore/backups';
/** Our QRadar node pages 500 records at a time (nodes/IbmQradar/transport.ts). */
export const QRADAR_PAGE_SIZE = 500;

/** A deterministic SVM UUID for the i-th extra SVM. */
export function svmUuid(i: number): string {
	const hex = (0x10000000 + i).toString(16).padStart(8, '0').slice(-8);
	return `${hex}-b0b0-4e00-8000-${(i + 1).toString(16).padStart(12, '0')}`;
}

/** Adds `count` SVMs, each with an NDMP SVM configuration, to the emulator's live state. */
export function addSvms(emulator: OntapEmulator, count: number): string[] {
	const uuids: string[] = [];
	for (let i = 0; i < count; i++) {
		const uuid = svmUuid(i);
		const name = `bench_svm_${i}`;
		emulator.state.svms.push({
			uuid,
			name,
			state: 'running',
			subtype: 'default',
			language: 'c.utf_8',
		});
		emulator.state.ndmp.svms.push({
			svm: { uuid, name },
			enabled: i % 2 === 0,
			authentication_types: ['challenge'],
		});
		uuids.push(uuid);
	}
	return uuids;
}

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2
		? (sorted[mid] as number)
		: ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
