/**
 * Coalesces the point lookups of concurrent requests into one `IN (...)`
 * query: under load, one statement per turn of the event loop instead of one
 * per request. The lookups run on the read-only connection (`readerOf`), so
 * they do not wait for a group commit either.
 */

/** Fetches the rows for a set of keys (at most 500 at a time); returns them keyed. */
export type FetchMany<V> = (keys: string[]) => Promise<Map<string, V>>;

const MAX_KEYS_PER_QUERY = 500;

export class BatchedLookup<V> {
  private waiting = new Map<string, Array<{ resolve(value: V | undefined): void; reject(error: unknown): void }>>();
  private running = false;

  constructor(private readonly fetchMany: FetchMany<V>) {}

  /** The row for `key`, or undefined; fetched together with the other lookups of this tick. */
  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.run());
      }
    });
  }

  /** One query at a time: keys that arrive while a query runs all go into the next one. */
  private async run(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch = this.waiting;
      this.waiting = new Map();
      const keys = [...batch.keys()];
      for (let i = 0; i < keys.length; i += MAX_KEYS_PER_QUERY) {
        const slice = keys.slice(i, i + MAX_KEYS_PER_QUERY);
        try {
          const found = await this.fetchMany(slice);
          for (const key of slice) for (const waiter of batch.get(key)!) waiter.resolve(found.get(key));
        } catch (error) {
          for (const key of slice) for (const waiter of batch.get(key)!) waiter.reject(error);
        }
      }
    }
    this.running = false;
  }
}
