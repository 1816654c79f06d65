// The compiled entry that the top-level .eleventy.js loads (through bin/runtime.js): a plain `npx @11ty/eleventy`
// builds the same site as `qmkit build`, from data/ and the last build's manifest.
export { loadKitData } from '../campaign/load.ts';
export { formatError } from '../errors.ts';
export { readBuiltOutput } from './built-output.ts';
export { siteView } from './build-site.ts';
export { default as sitePlugin } from './plugin.ts';
