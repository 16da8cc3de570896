/**
 * The load balancer of the queue-mode event test: what a user puts in front of several `n8n webhook`
 * processes, since Feishu pushes to one request URL. It forwards method, path, headers and the raw
 * body unchanged (the signature covers the body) and the answer back. Loopback only.
 *
 * Spreading: a new event id goes to the backends in turn (round robin); every further delivery of an
 * id already seen (a duplicate, a retry) goes to the backend *after* the one its previous delivery
 * went to — so with two processes each repeat lands on the other one. A plain round-robin balancer
 * does that for about half the repeats; this is its worst case, on purpose. The event id is read by
 * decrypting the body with the app's Encrypt Key (the test knows it), as Feishu's SDKs do.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BalancedRequest {
	/** Index of the backend that got it. */
	backend: number;
	eventId: string;
	status: number;
	at: number;
	ms: number;
	/** Its place in the order the balancer picked backends (answers may come back in another order). */
	seq: number;
}

/** `header.event_id` (v2) or `uuid` (v1) of a Feishu delivery, '' when there is none (a challenge, a forgery). */
export function eventIdOf(raw: string, encryptKey: string): string {
	try {
		let body = JSON.parse(raw) as Record<string, unknown>;
		if (typeof body.encrypt === 'string') {
			const data = Buffer.from(body.encrypt, 'base64');
			const decipher = createDecipheriv('aes-256-cbc', createHash('sha256').update(encryptKey).digest(), data.subarray(0, 16));
			body = JSON.parse(Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8')) as Record<string, unknown>;
		}
		const header = body.header as { event_id?: unknown } | undefined;
		return String(header?.event_id ?? body.uuid ?? '');
	} catch {
		return '';
	}
}

export class EventBalancer {
	readonly log: BalancedRequest[] = [];
	private turn = 0;

	private picked = 0;
	private readonly lastBackend = new Map<string, number>();
	private readonly server: Server;

	private constructor(
		private readonly backendPorts: number[],
		private readonly encryptKey: string,
	) {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => this.forward(req, res, Buffer.concat(chunks)));
		});
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	static async start(backendPorts: number[], encryptKey: string): Promise<EventBalancer> {
		const balancer = new EventBalancer(backendPorts, encryptKey);
		await new Promise<void>((resolve) => balancer.server.listen(0, '127.0.0.1', () => resolve()));
		return balancer;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private pick(eventId: string): number {
		const previous = eventId === '' ? undefined : this.lastBackend.get(eventId);
		let backend: number;
		if (previous === undefined) {
			backend = this.turn;
			this.turn = (this.turn + 1) % this.backendPorts.length;
		} else backend = (previous + 1) % this.backendPorts.length;
		if (eventId !== '') this.lastBackend.set(eventId, backend);
		return backend;
	}

	private forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
		const eventId = eventIdOf(body.toString('utf8'), this.encryptKey);
		const backend = this.pick(eventId);
		const seq = this.picked++;
		const started = Date.now();
		const upstream = request(
			{
				host: '127.0.0.1',
				port: this.backendPorts[backend],
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'content-length': String(body.length) },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on('end', () => this.log.push({ backend, eventId, status: answer.statusCode ?? 0, at: started, ms: Date.now() - started, seq }));
			},
		);
		upstream.on('error', () => {
			this.log.push({ backend, eventId, status: 502, at: started, ms: Date.now() - started, seq });
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		upstream.end(body);
	}
}
