/**
 * A key-value store in memory that counts its traffic, for the code that keeps things in the build's cache (fonts,
 * font facts, compiled templates): `puts` entries written, `gets` lookups, `hits` lookups answered.
 */
export function memoryStore<V>(): { store: Map<string, V>; puts: number; gets: number; hits: number; get(key: string): V | undefined; put(key: string, value: V): void } {
  const store = new Map<string, V>();
  const s = {
    store,
    puts: 0,
    gets: 0,
    hits: 0,
    get(key: string) {
      s.gets++;
      const value = store.get(key);
      if (value !== undefined) s.hits++;
      return value;
    },
    put(key: string, value: V) {
      s.puts++;
      store.set(key, value);
    },
  };
  return s;
}
