/** The n8n versions this package is proven on (README "Compatibility", docs/testing.md). */
export const VERSIONS = ['2.40.7', '1.123.81'];

/** The versions to test: E2E_N8N_VERSIONS (comma-separated) or all of VERSIONS. */
export function chosenVersions(): string[] {
	return (process.env.E2E_N8N_VERSIONS ?? VERSIONS.join(','))
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
}
