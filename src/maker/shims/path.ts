// The few node:path functions the shared modules call, for the browser bundle (POSIX semantics, '/' only).
const parts = (p: string) => p.split('/').filter((s) => s !== '');
export const sep = '/';
export function basename(p: string, ext?: string): string {
  const base = parts(p).pop() ?? '';
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}
export function dirname(p: string): string {
  const all = parts(p);
  all.pop();
  return (p.startsWith('/') ? '/' : '') + all.join('/') || '.';
}
export function extname(p: string): string {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}
export const join = (...ps: string[]) => ps.filter(Boolean).join('/').replace(/\/+/g, '/');
export const isAbsolute = (p: string) => p.startsWith('/');
export const relative = (_from: string, to: string) => to;
export const resolve = (...ps: string[]) => join(...ps);
export default { sep, basename, dirname, extname, join, isAbsolute, relative, resolve };
