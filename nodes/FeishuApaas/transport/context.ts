import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

/** The node contexts the transport runs in: an action node's run, or a polling trigger's poll. */
export type TransportContext = IExecuteFunctions | IPollFunctions;

/** How one request is sent: the transport reads nothing else of the node's options. */
export interface TransportSettings {
	timeout: number;
	maxRetries: number;
	/**
	 * The user's pace per credential and API: at most this many requests per `paceWindowSeconds`
	 * (0 = no pacing). Unset: Feishu's documented limits of each API.
	 */
	maxRequestsPerMinute?: number;
	paceWindowSeconds: number;
}
