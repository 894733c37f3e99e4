const { src, dest } = require('gulp');

// tsc compiles only TypeScript; n8n loads the SVG icons from dist/icons
// (nodes and credentials point at them with `file:` paths).
function copyIcons() {
	return src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

exports['build:icons'] = copyIcons;
