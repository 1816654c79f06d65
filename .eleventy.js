// Plain `npx @11ty/eleventy` rebuilds the microsite into output/ from data/ and the last build's output/manifest.json
// (and audit.json): the site shows what that build made. Posters come from `npm run build`, which builds the site
// itself through src/site/build-site.ts, not through this file.
const { loadSiteModules } = await import('./bin/runtime.js');
const { loadKitData, readBuiltOutput, siteView, sitePlugin, formatError } = await loadSiteModules();

const OUTPUT = 'output';

export default async function (eleventyConfig) {
  let kit;
  let built;
  try {
    kit = loadKitData('data');
    built = readBuiltOutput(OUTPUT);
  } catch (error) {
    console.error(formatError(error));
    throw new Error(formatError(error));
  }
  eleventyConfig.addPlugin((cfg) => {
    // --pathprefix on the command line wins over data/site.yaml.
    const pathPrefix = cfg.pathPrefix && cfg.pathPrefix !== '/' ? cfg.pathPrefix : kit.site.pathPrefix;
    sitePlugin(cfg, { view: siteView(kit, pathPrefix, built.manifest, built.audit) });
  });
}

export const config = {
  dir: { input: 'templates', output: OUTPUT },
};
