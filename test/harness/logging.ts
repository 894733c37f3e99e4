import type { Logger as WorkflowLogger, LogMetadata } from 'n8n-workflow';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Serialize log metadata the way a JSON log transport would, without throwing on cycles. */
function serializeMetadata(metadata: LogMetadata | undefined): string {
	if (metadata === undefined) return '';
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(metadata, (_key, value: unknown) => {
			if (value instanceof Error) {
				// Errors have non-enumerable message/stack; include everything enumerable too.
				return { ...value, name: value.name, message: value.message, stack: value.stack };
			}
			if (typeof value === 'bigint') return value.toString();
			if (typeof value === 'object' && value !== null) {
				if (seen.has(value)) return '[Circular]';
				seen.add(value);
			}
			return value;
		});
	} catch {
		return String(metadata);
	}
}

/**
 * A logger that records every line instead of printing it. It is installed both as
 * n8n-workflow's LoggerProxy backend and as `@n8n/backend-common`'s `Logger` in the DI
 * container (which node contexts expose as `this.logger`), so one sink sees all of it.
 */
export class CapturingLogger implements WorkflowLogger {
	private sink: string[] = [];

	/** Start a fresh capture (one per workflow run) and return the array that receives the lines. */
	startCapture(): string[] {
		this.sink = [];
		return this.sink;
	}

	private write(level: Level, message: string, metadata?: LogMetadata) {
		const meta = serializeMetadata(metadata);
		this.sink.push(`[${level}] ${message}${meta && meta !== '{}' ? ` ${meta}` : ''}`);
		if (process.env.N8N_HARNESS_PRINT_LOGS === 'true') {
			// eslint-disable-next-line no-console
			console.log(`[n8n ${level}] ${message}`, meta);
		}
	}

	error(message: string, metadata?: LogMetadata) {
		this.write('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.write('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.write('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.write('debug', message, metadata);
	}

	/** `@n8n/backend-common` Logger API: scoped loggers share the sink. */
	scoped(_scopes: unknown): this {
		return this;
	}
}
