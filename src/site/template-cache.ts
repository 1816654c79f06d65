import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// Compiled Nunjucks templates kept between builds. Eleventy compiles every template, layout and include on each
// build, and Nunjucks' compiler (lexer, parser, code generator: ~0.1 s for the site's templates) produces the same
// JavaScript source from the same input every time; a build whose pages changed but whose templates did not (any
// edit of the data) takes that source from the build's cache and only evaluates it.

const require = createRequire(import.meta.url);

/** Where compiled templates are kept (the build's cache), by everything their JavaScript source is made from. */
export interface TemplateCache {
  get(key: string): string | undefined;
  put(key: string, source: string): void;
}

/** Nunjucks' compiler module: Template#_compile calls `compile` through it, so replacing it reaches every template. */
interface NunjucksCompiler {
  compile(src: string, asyncFilters: readonly string[], extensions: readonly { readonly tags?: readonly string[] }[], name: string | null, opts: unknown): string;
}

/**
 * Runs `build` with Nunjucks' compiler answering from `cache`. `salt` names the code that made the compiled source
 * besides Nunjucks itself (Eleventy's version and its extensions: the caller's site source hash). The compiler is
 * restored afterwards, also when the build fails.
 */
export async function withTemplateCache<T>(cache: TemplateCache | undefined, salt: string, build: () => Promise<T>): Promise<T> {
  if (!cache) return build();
  const compiler = require('nunjucks/src/compiler') as NunjucksCompiler;
  const version = (require('nunjucks/package.json') as { version: string }).version;
  const compile = compiler.compile;
  compiler.compile = (src, asyncFilters, extensions, name, opts) => {
    const inputs = ['nunjucks-template', 1, version, salt, src, asyncFilters, extensions.map((e) => e.tags ?? []), name, opts];
    const key = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const source = compile.call(compiler, src, asyncFilters, extensions, name, opts);
    cache.put(key, source);
    return source;
  };
  try {
    return await build();
  } finally {
    compiler.compile = compile;
  }
}
