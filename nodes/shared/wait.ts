import { sleep } from 'n8n-workflow';

type CancellableContext = { getExecutionCancelSignal?: () => AbortSignal | undefined };

/**
 * Sleeps with n8n's `sleep` in slices of at most a second, so a cancelled execution
 * stops within a second however long the wait (retry back-off, job polls). Resolves
 * false when cancelled.
 */
export async function pause(ctx: object, milliseconds: number): Promise<boolean> {
	const signal = (ctx as CancellableContext).getExecutionCancelSignal?.();
	const until = Date.now() + milliseconds;
	for (;;) {
		if (signal?.aborted) return false;
		const left = until - Date.now();
		if (left <= 0) return true;
		await sleep(Math.min(left, 1000));
	}
}
