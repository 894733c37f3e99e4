/**
 * No process-local state in the package: in queue mode every execution may run on another
 * worker, and a main process restarts, so anything a node kept in a module variable would be
 * lost or differ between processes. Tokens live in the credential (preAuthentication), trigger
 * cursors in the workflow's static data. This test reads every source file of nodes/ and
 * credentials/ and refuses module-level state: `let`/`var` declarations, caches built from
 * Map/Set/WeakMap/WeakSet/Array at module level, and class fields that are static and writable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const MUTABLE_CONTAINERS = /^(Map|Set|WeakMap|WeakSet|Array)$/;

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** `file:line text` of each module-level piece of state in one file. */
function moduleStateIn(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const where = (node: ts.Node) =>
		`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node
			.getText()
			.split('\n')[0]
			.slice(0, 80)}`;
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement)) {
			const flags = statement.declarationList.flags;
			if (!(flags & ts.NodeFlags.Const)) {
				found.push(where(statement));
				continue;
			}
			for (const declaration of statement.declarationList.declarations) {
				const init = declaration.initializer;
				if (
					init &&
					ts.isNewExpression(init) &&
					MUTABLE_CONTAINERS.test(init.expression.getText(source))
				) {
					found.push(where(statement));
				}
			}
		}
		if (ts.isClassDeclaration(statement)) {
			for (const member of statement.members) {
				const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
				const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
				const isReadonly = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
				if (ts.isPropertyDeclaration(member) && isStatic && !isReadonly) found.push(where(member));
			}
		}
	}
	return found;
}

describe('no process-local state', () => {
	const files = [
		...sourceFiles(path.join(ROOT, 'nodes')),
		...sourceFiles(path.join(ROOT, 'credentials')),
	];

	it('reads every source file of the package', () => {
		expect(files.length).toBeGreaterThan(50);
	});

	it('no module-level let/var, mutable caches or writable static fields', () => {
		expect(files.flatMap(moduleStateIn)).toEqual([]);
	});

	it('would notice such state (checked on a sample)', () => {
		const sample = path.join(ROOT, 'test', 'shared', 'fixtures', 'module-state.sample.ts');
		fs.writeFileSync(
			sample,
			[
				'let tokens = 0;',
				'const cache = new Map<string, string>();',
				'export class Holder {',
				'\tstatic last = "";',
				'\tstatic readonly fixed = 1;',
				'}',
				'export const use = () => [tokens++, cache.size, Holder.last];',
				'',
			].join('\n'),
		);
		try {
			expect(moduleStateIn(sample).map((line) => line.replace(/^[^ ]+ /, ''))).toEqual([
				'let tokens = 0;',
				'const cache = new Map<string, string>();',
				'static last = "";',
			]);
		} finally {
			fs.rmSync(sample, { force: true });
		}
	});
});
