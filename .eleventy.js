// Plain `npx @11ty/eleventy` builds the microsite from data/ into output/ (posters come from `npm run build`).
// The templates and filters are shared with `qmkit build`, which calls src/site/build-site.ts instead of this file.
import { register } from 'tsx/esm/api';

register();
const { loadKitData } = await import('./src/campaign/load.ts');
const { siteView } = await import('./src/site/build-site.ts');
const { planJobs } = await import('./src/render/plan.ts');
const { default: sitePlugin } = await import('./src/site/plugin.ts');

export default async function (eleventyConfig) {
  const kit = loadKitData('data');
  eleventyConfig.addPlugin((cfg) => {
    // --pathprefix on the command line wins over data/site.yaml.
    const pathPrefix = cfg.pathPrefix && cfg.pathPrefix !== '/' ? cfg.pathPrefix : kit.site.pathPrefix;
    sitePlugin(cfg, { view: siteView(kit, pathPrefix, planJobs), maker: { campaigns: kit.campaigns, baseUrl: kit.site.baseUrl } });
  });
}

export const config = {
  dir: { input: 'templates', output: 'output' },
};
