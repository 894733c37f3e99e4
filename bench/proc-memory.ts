/**
 * Samples the memory of a running n8n (and of every process it started, e.g. its task runner)
 * from /proc: VmRSS and VmHWM of each, every `intervalMs`. The n8n process is found by a tag in
 * its environment (BENCH_TAG=<tag>), its descendants by their parent pid. Linux only.
 */
import * as fs from 'node:fs';

export interface ProcSample {
	/** Date.now() */
	t: number;
	/** bytes, by pid */
	rss: Record<number, number>;
	hwm: Record<number, number>;
}

export interface ProcSampler {
	samples: ProcSample[];
	/** pid -> short command line (the n8n process first) */
	processes: Map<number, string>;
	mainPid(): number | undefined;
	stop(): void;
}

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

function statusOf(pid: number): { rss: number; hwm: number } | undefined {
	const text = readText(`/proc/${pid}/status`);
	if (!text) return undefined;
	const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
	const rss = kb('VmRSS');
	const hwm = kb('VmHWM');
	if (!Number.isFinite(rss)) return undefined;
	return { rss: rss * 1024, hwm: (Number.isFinite(hwm) ? hwm : rss) * 1024 };
}

function pids(): number[] {
	return fs
		.readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number);
}

function parentOf(pid: number): number | undefined {
	const stat = readText(`/proc/${pid}/stat`);
	if (!stat) return undefined;
	// pid (comm) state ppid ...: comm may hold spaces and parentheses
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(rest[1]);
}

function commandOf(pid: number): string {
	const raw = readText(`/proc/${pid}/cmdline`) ?? '';
	return raw
		.split('\0')
		.filter(Boolean)
		.map((part) => part.split('/').slice(-2).join('/'))
		.join(' ')
		.slice(0, 120);
}

function findTagged(tag: string): number | undefined {
	const needle = `BENCH_TAG=${tag}\0`;
	const tagged = new Set<number>();
	for (const pid of pids()) {
		if (pid === process.pid) continue;
		if (readText(`/proc/${pid}/environ`)?.includes(needle)) tagged.add(pid);
	}
	// n8n names itself (process.title), so it is found by its place: the topmost tagged process
	for (const pid of tagged) if (!tagged.has(parentOf(pid) ?? -1)) return pid;
	return undefined;
}

function descendantsOf(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const pid of pids()) {
		const parent = parentOf(pid);
		if (parent === undefined) continue;
		const list = children.get(parent) ?? [];
		list.push(pid);
		children.set(parent, list);
	}
	const out: number[] = [];
	const queue = [...(children.get(root) ?? [])];
	while (queue.length) {
		const pid = queue.shift() as number;
		out.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return out;
}

export function startProcSampler(tag: string, intervalMs = 20): ProcSampler {
	const samples: ProcSample[] = [];
	const processes = new Map<number, string>();
	let main: number | undefined;
	let lastScan = 0;
	const tick = () => {
		const now = Date.now();
		if (main === undefined) {
			if (now - lastScan < 100) return;
			lastScan = now;
			main = findTagged(tag);
			if (main === undefined) return;
			processes.set(main, commandOf(main));
		}
		if (now - lastScan >= 500) {
			lastScan = now;
			for (const pid of descendantsOf(main))
				if (!processes.has(pid)) processes.set(pid, commandOf(pid));
		}
		const sample: ProcSample = { t: now, rss: {}, hwm: {} };
		for (const pid of processes.keys()) {
			const status = statusOf(pid);
			if (!status) continue;
			sample.rss[pid] = status.rss;
			sample.hwm[pid] = status.hwm;
		}
		if (Object.keys(sample.rss).length) samples.push(sample);
	};
	const timer = setInterval(tick, intervalMs);
	return {
		samples,
		processes,
		mainPid: () => main,
		stop: () => clearInterval(timer),
	};
}

export interface WindowMemory {
	/** RSS right before the window (median of the samples in the `beforeMs` before it), bytes */
	before: number;
	/** highest RSS in the window, bytes */
	peak: number;
	/** peak - before */
	growth: number;
	/** VmHWM at the window's end minus VmHWM at its start (grows only past the earlier peak) */
	hwmGrowth: number;
	samples: number;
}

/** The memory of the given pids (summed) in [from, to], against the `beforeMs` before `from`. */
export function windowMemory(
	samples: ProcSample[],
	pidsOf: number[],
	from: number,
	to: number,
	beforeMs = 1000,
): WindowMemory {
	const total = (record: Record<number, number>) =>
		pidsOf.reduce((sum, pid) => sum + (record[pid] ?? 0), 0);
	const before = samples
		.filter((s) => s.t >= from - beforeMs && s.t < from)
		.map((s) => total(s.rss));
	const inside = samples.filter((s) => s.t >= from && s.t <= to);
	const sorted = [...before].sort((a, b) => a - b);
	const base = sorted.length
		? (sorted[Math.floor(sorted.length / 2)] as number)
		: total(inside[0]?.rss ?? {});
	const peak = Math.max(base, ...inside.map((s) => total(s.rss)));
	const hwmStart = total((samples.filter((s) => s.t < from).pop() ?? inside[0] ?? { hwm: {} }).hwm);
	const hwmEnd = total((inside[inside.length - 1] ?? { hwm: {} }).hwm);
	return {
		before: base,
		peak,
		growth: peak - base,
		hwmGrowth: Math.max(0, hwmEnd - hwmStart),
		samples: inside.length,
	};
}
