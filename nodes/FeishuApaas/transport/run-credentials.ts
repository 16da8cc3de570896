/**
 * The stored credentials as one node run knows them. A run is one `execute()` or `poll()` call: it
 * starts with `forOneRun(this)` and hands the context that returns down to everything it calls, so
 * its requests share what was read, and it is all dropped when the call returns. Nothing is kept in a
 * module or keyed by n8n's context (n8n reuses one poll context for every poll of an active trigger).
 *
 * n8n reads and decrypts a credential from its database on every `getCredentials`. Within a run, one
 * read is enough while the token in it is usable: the transport reads the stored credential again
 * (`fresh`) whenever it has to decide on a token, i.e. when the run's token was refused by Feishu, is
 * inside the refresh margin, or is missing, so a token another execution or worker stored meanwhile is
 * still picked up, and a dead token costs exactly one fresh read and one mint (CONTRIBUTING.md).
 *
 * One limit: a credential whose fields are expressions over item data (`{{ $json.… }}`) is read for the
 * first item of the run that needs it, not for each item (n8n offers no way to tell such a credential
 * apart without reading it).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { withOverrides, type TransportContext } from './context';

const RUN = Symbol('feishuApaas.runCredentials');

export class RunCredentials {
	/** Per credential type, the read in flight or done (concurrent items share one read). */
	private readonly known = new Map<string, Promise<ICredentialDataDecryptedObject>>();

	/** The credential of `type` as last read or minted in this run; read from n8n now if it was not yet. */
	async read(ctx: TransportContext, type: string, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
		let known = this.known.get(type);
		if (known === undefined) {
			const reading = ctx.getCredentials(type, itemIndex);
			known = reading;
			this.known.set(type, reading);
			// A failed read is not remembered: the next request tries again.
			reading.catch(() => {
				if (this.known.get(type) === reading) this.known.delete(type);
			});
		}
		// A copy: n8n writes a minted token into the object it is handed.
		return { ...(await known) };
	}

	/** The credential as stored now (another execution may have stored a new token), remembered for the run. */
	async fresh(ctx: TransportContext, type: string, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
		const credentials = await ctx.getCredentials(type, itemIndex);
		this.remember(type, credentials);
		return { ...credentials };
	}

	/** What the run's next requests use: a credential just read, or the one n8n just wrote a minted token into. */
	remember(type: string, credentials: ICredentialDataDecryptedObject): void {
		this.known.set(type, Promise.resolve({ ...credentials }));
	}

	/** Drops what the run knew of `type` (n8n refreshed and stored it elsewhere); the next request reads it. */
	forget(type: string): void {
		this.known.delete(type);
	}
}

/** `ctx` for one `execute()` or `poll()` call: the requests made with it share one RunCredentials. */
export function forOneRun<T extends TransportContext>(ctx: T): T {
	return withOverrides(ctx, { [RUN]: new RunCredentials() });
}

/**
 * The run's credentials, or a RunCredentials of its own for a context outside a run (the editor's
 * pickers, a test calling the transport directly), which then reads on every request as before.
 */
export function runCredentialsOf(ctx: TransportContext): RunCredentials {
	return (ctx as { [RUN]?: RunCredentials })[RUN] ?? new RunCredentials();
}
