/**
 * One way to put data into the emulator: `seed({...})` with one key per domain, the same object
 * in-process (`emulator.seed`, `FeishuEmulator.start({ seed })`) and over HTTP
 * (`POST /__emulator/seed`). Why one shape: a test, the demo and the e2e in another process
 * describe data the same way, and a new domain adds one key here instead of another method.
 *
 * Keys are applied in this order: preset, users, humanTasks, objects, logic, oauth, workspaces. Everything is added
 * or replaced by id; nothing is removed (reset() does that). An unknown key is an error, so a
 * typo or an old form is loud instead of ignored.
 */
import type { EmulatorUser, GenerateOptions, HumanTaskSeed } from './human-tasks/types';
import { sampleData, workflowSampleData } from './human-tasks/sample-data';
import type { LogicSeed } from './logic/store';
import { logicSampleData } from './logic/sample-data';
import type { NamespaceSeed } from './objects/schema';
import { objectSampleData } from './objects/sample-data';
import type { GenerateRecordsOptions } from './objects/store';
import type { OAuthSeed } from './oauth/store';
import { sampleUsers } from './sample-tenant';
import type { WorkspaceSeed } from './workspaces/store';

/** The named datasets: 'sample' (every domain's sample) and 'workflow' (the sample plus a two-step instance). */
export type SeedPreset = 'sample' | 'workflow';

/** The `objects` key: namespaces, objects (schema) and records, then bulk records of existing objects. */
export interface ObjectsSeed {
	namespaces?: NamespaceSeed[];
	/** Bulk-creates records of existing objects, every required field filled (fast). */
	generate?: GenerateRecordsOptions[];
}

export interface Seed {
	/** A named dataset, loaded before the other keys. */
	preset?: SeedPreset;
	/** The tenant's users, by `userId`: task assignees, flow operators, role members. */
	users?: EmulatorUser[];
	/** Approval instances and their tasks (see human-tasks/types.ts). */
	humanTasks?: HumanTaskSeed;
	/** Application data (see objects/schema.ts). */
	objects?: ObjectsSeed;
	/** Flows, functions, environment variables, roles and record permissions per namespace (see logic/store.ts). */
	logic?: LogicSeed;
	/** OAuth: redirect URLs registered for the apps, and users who can consent (see oauth/store.ts). */
	oauth?: OAuthSeed;
	/** The data platform: workspaces with tables, views and enums (see workspaces/store.ts). */
	workspaces?: WorkspaceSeed[];
}

/** What seed() made that a caller cannot know beforehand: the ids of generated tasks (empty when none). */
export interface SeedResult {
	humanTasks: { instanceIds: string[]; taskIds: string[] };
}

export const SEED_KEYS: ReadonlyArray<keyof Seed> = ['preset', 'users', 'humanTasks', 'objects', 'logic', 'oauth', 'workspaces'];

/** Throws a readable error for a seed that is not an object or has a key no domain owns. */
export function checkSeedKeys(seed: unknown): asserts seed is Seed {
	if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('seed must be an object');
	for (const key of Object.keys(seed)) {
		if (!(SEED_KEYS as readonly string[]).includes(key)) throw new Error(`unknown seed key "${key}" (expected ${SEED_KEYS.join(', ')})`);
	}
	const preset = (seed as Seed).preset;
	if (preset !== undefined && preset !== 'sample' && preset !== 'workflow') throw new Error('seed preset must be "sample" or "workflow"');
}

/** The seeds a preset stands for, in order (each is plain data: presets are not a second style). */
export function presetSeeds(preset: SeedPreset): Seed[] {
	const sample: Seed = { users: sampleUsers(), humanTasks: sampleData(), objects: objectSampleData(), logic: logicSampleData() };
	return preset === 'workflow' ? [sample, { humanTasks: workflowSampleData() }] : [sample];
}

export type { GenerateOptions, GenerateRecordsOptions };
