/**
 * Jest `setupFiles` module: runs in every test file's sandbox BEFORE any test module
 * (and therefore before n8n-core) is imported.
 *
 * n8n-core's InstanceSettings / @n8n/config resolve the user folder on load and create
 * `<folder>/.n8n/config` there. Point it at a throwaway directory so tests never touch
 * the real `~/.n8n`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = userFolder;

// n8n-core only loads node classes with a plain `require` (instead of a vm sandbox) when
// NODE_ENV === 'test'. Jest sets it already; make sure nobody overrode it.
process.env.NODE_ENV = 'test';

// Keep the engine's own logger quiet unless the caller asked for something else.
process.env.N8N_LOG_LEVEL ??= 'silent';
// No telemetry / diagnostics / version checks from anything that might look at these.
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

// Removed again by ./cleanup.ts (setupFilesAfterEnv): jest's sandboxed `process` never
// emits 'exit' to handlers registered here.
