/** Self and total time by function and by package of a .cpuprofile (see profile.ts). */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (n: ProfileNode) => {
	const url = n.callFrame.url.replace(/^file:\/\//, '');
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	return m ? m[1] : url.includes('/dist/') ? 'this package (dist)' : url.includes('/emulator/') ? 'emulator' : url ? url.split('/').slice(-2).join('/') : `(${n.callFrame.functionName || 'native'})`;
};
const pkgSelf = new Map<string, number>();
const fnSelf = new Map<string, number>();
const fnTotal = new Map<string, number>();
for (const [id, t] of self) {
	const n = byId.get(id)!;
	pkgSelf.set(where(n), (pkgSelf.get(where(n)) ?? 0) + t);
	const key = `${n.callFrame.functionName || '(anon)'} ${where(n)}:${n.callFrame.lineNumber}`;
	fnSelf.set(key, (fnSelf.get(key) ?? 0) + t);
	const seen = new Set<string>();
	for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
		const c = byId.get(cur)!;
		const k = `${c.callFrame.functionName || '(anon)'} ${where(c)}:${c.callFrame.lineNumber}`;
		if (seen.has(k)) continue;
		seen.add(k);
		fnTotal.set(k, (fnTotal.get(k) ?? 0) + t);
	}
}
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`).join('\n');
process.stdout.write(`total ${(total / 1000).toFixed(0)} ms\n\nself by package:\n${top(pkgSelf, 30)}\n\nself by function:\n${top(fnSelf, 25)}\n\ntotal (inclusive) by function:\n${top(fnTotal, 45)}\n`);
