// The one js-yaml function the workflow test uses; a declaration here instead of @types/js-yaml,
// which is not installed (js-yaml itself already was, through eslint).
declare module 'js-yaml' {
	export function load(text: string): unknown;
}
