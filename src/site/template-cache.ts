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
 * Runs `build` with Nunjucks' compiler answering from memory and from `cache`: Eleventy compiles a partial anew for
 * every page that includes it (the site's 28 templates are compiled ~240 times a build), so even a build without a
 * cache compiles each once. `salt` names the code that made the compiled source besides Nunjucks itself (Eleventy's
 * version and its extensions: the caller's site source hash). The compiler is restored afterwards, also when the
 * build fails.
 */
export async function withTemplateCache<T>(cache: TemplateCache | undefined, salt: string, build: () => Promise<T>): Promise<T> {
  const memo = new Map<string, string>();
  const compiler = require('nunjucks/src/compiler') as NunjucksCompiler;
  const version = (require('nunjucks/package.json') as { version: string }).version;
  const compile = compiler.compile;
  compiler.compile = (src, asyncFilters, extensions, name, opts) => {
    const inputs = ['nunjucks-template', 1, version, salt, src, asyncFilters, extensions.map((e) => e.tags ?? []), name, opts];
    const key = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    let source = memo.get(key) ?? cache?.get(key);
    if (source === undefined) {
      source = compile.call(compiler, src, asyncFilters, extensions, name, opts);
      cache?.put(key, source);
    }
    memo.set(key, source);
    return source;
  };
  try {
    return await build();
  } finally {
    compiler.compile = compile;
  }
}
