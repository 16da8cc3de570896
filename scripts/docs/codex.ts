/**
 * The codex files (`*.node.json`) beside each node: n8n shows their `primaryDocumentation` as the
 * node's docs. The first link is the README section for that node, then one Feishu page per operation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DocResource } from './catalog';

export interface CodexFile {
	file: string;
	/** The README heading (GitHub anchor) that documents the node. */
	anchor: string;
	/** Whose Feishu pages it links: every operation, or these `resource/operation` pairs. */
	operations: 'all' | readonly string[];
}

export const CODEX_FILES: readonly CodexFile[] = [
	{ file: 'nodes/FeishuApaas/FeishuApaas.node.json', anchor: 'operations', operations: 'all' },
	// The polling trigger asks Query User Tasks.
	{ file: 'nodes/FeishuApaasTrigger/FeishuApaasTrigger.node.json', anchor: 'triggers', operations: ['userTask/query'] },
];

const HOMEPAGE = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { homepage: string })
	.homepage;

export function readmeUrl(anchor: string): string {
	return `${HOMEPAGE}#${anchor}`;
}

export function documentationUrls(codex: CodexFile, resources: readonly DocResource[]): string[] {
	const pages = resources.flatMap((resource) =>
		resource.operations
			.filter((op) => codex.operations === 'all' || codex.operations.includes(`${resource.value}/${op.operation}`))
			.map((op) => op.docsUrl),
	);
	return [readmeUrl(codex.anchor), ...new Set(pages)];
}

/** The codex file's text with its documentation links generated; everything else kept. */
export function renderCodex(current: string, codex: CodexFile, resources: readonly DocResource[]): string {
	const json = JSON.parse(current) as { resources?: Record<string, unknown> };
	json.resources = {
		...json.resources,
		primaryDocumentation: documentationUrls(codex, resources).map((url) => ({ url })),
	};
	return `${JSON.stringify(json, null, '\t')}\n`;
}
