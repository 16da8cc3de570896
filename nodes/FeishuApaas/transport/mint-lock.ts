/**
 * One mint at a time per credential in this process. Items of an execution (and executions sharing
 * the process) that find no usable token queue here; the first mints, the rest re-read the stored
 * credential and find the new token, so 1,000 concurrent items still mint once.
 */
const tails = new Map<string, Promise<void>>();

export async function withMintLock<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	let release!: () => void;
	const current = new Promise<void>((resolve) => (release = resolve));
	const tail = previous.then(() => current);
	tails.set(key, tail);
	await previous;
	try {
		return await task();
	} finally {
		release();
		if (tails.get(key) === tail) tails.delete(key);
	}
}
