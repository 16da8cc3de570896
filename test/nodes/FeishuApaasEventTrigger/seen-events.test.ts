import { forgetProcessMemory, REMEMBER_MS, seenEvents } from '../../../nodes/FeishuApaasEventTrigger/seen-events';
import type { IDataObject } from 'n8n-workflow';

const T0 = Date.UTC(2026, 11, 1);

afterEach(() => forgetProcessMemory());

describe('seenEvents', () => {
	it('records a new id and reports it as seen the second time, in memory and in static data', () => {
		const data: IDataObject = {};
		expect(seenEvents('wf\u0000node', data, T0).checkAndRecord('a')).toBe(false);
		expect(seenEvents('wf\u0000node', data, T0 + 1).checkAndRecord('a')).toBe(true);
		expect(data.seenEvents).toEqual([['a', T0]]);
	});

	it('after a restart (memory gone) the saved static data still knows the id', () => {
		const data: IDataObject = {};
		seenEvents('s', data, T0).checkAndRecord('a');
		const saved = JSON.parse(JSON.stringify(data)) as IDataObject;
		forgetProcessMemory();
		expect(seenEvents('s', saved, T0 + 60_000).checkAndRecord('a')).toBe(true);
	});

	it('two requests that loaded the same old static data: the second still sees the first (memory), and saves both', () => {
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		expect(seenEvents('s', loadedByA, T0).checkAndRecord('x')).toBe(false);
		expect(seenEvents('s', loadedByB, T0).checkAndRecord('x')).toBe(true);
		expect(seenEvents('s', loadedByB, T0).checkAndRecord('y')).toBe(false);
		expect((loadedByB.seenEvents as unknown[]).map((e) => (e as unknown[])[0])).toEqual(['x', 'y']);
	});

	it('remembers across Feishu\'s whole retry window (15 s + 5 min + 1 h + 6 h) and forgets after REMEMBER_MS', () => {
		const data: IDataObject = {};
		seenEvents('s', data, T0).checkAndRecord('a');
		const lastRetry = T0 + 15_000 + 300_000 + 3_600_000 + 21_600_000;
		expect(seenEvents('s', data, lastRetry).checkAndRecord('a')).toBe(true);
		forgetProcessMemory();
		const later: IDataObject = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(seenEvents('s', later, T0 + REMEMBER_MS + 1).checkAndRecord('b')).toBe(false);
		expect((later.seenEvents as unknown[]).map((e) => (e as unknown[])[0])).toEqual(['b']);
	});

	it('is bounded: beyond the maximum the oldest ids are dropped first', () => {
		const data: IDataObject = {};
		for (let i = 0; i < 12; i++) seenEvents('s', data, T0 + i, 10).checkAndRecord(`id${i}`);
		expect((data.seenEvents as unknown[]).length).toBe(10);
		expect((data.seenEvents as Array<[string, number]>)[0][0]).toBe('id2');
		expect(seenEvents('s', data, T0 + 20, 10).checkAndRecord('id11')).toBe(true);
	});

	it('keeps scopes (workflow + node) apart', () => {
		expect(seenEvents('one', {}, T0).checkAndRecord('a')).toBe(false);
		expect(seenEvents('two', {}, T0).checkAndRecord('a')).toBe(false);
	});
});
