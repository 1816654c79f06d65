// node:fs in the browser bundle: the page never reads files from disk (it reads File objects), so every call fails.
const none = (): never => {
  throw new Error('Internal error: no file system in the browser');
};
export const readFileSync = none;
export const readdirSync = none;
export const statSync = none;
export const existsSync = () => false;
export default { readFileSync, readdirSync, statSync, existsSync };
