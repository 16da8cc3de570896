// Copies node and credential icons (and the node's codex file) into dist/, keeping their relative paths
// (nodes/FeishuApaas/feishuApaas.svg -> dist/nodes/FeishuApaas/feishuApaas.svg).
const { src, dest, parallel } = require('gulp');

// gulp 5 decodes files as UTF-8 by default, which corrupts binary PNGs:
// read them as raw buffers instead.
const srcOptions = { encoding: false, allowEmpty: true };

function copyNodeIcons() {
	return src('nodes/**/*.{png,svg}', { ...srcOptions, base: '.' }).pipe(dest('dist'));
}

function copyCredentialIcons() {
	return src('credentials/**/*.{png,svg}', { ...srcOptions, base: '.' }).pipe(dest('dist'));
}

// The codex file (categories, documentation links) must sit beside the built node for n8n to read it.
function copyCodex() {
	return src('nodes/**/*.node.json', { ...srcOptions, base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons, copyCodex);
