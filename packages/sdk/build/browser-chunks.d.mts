/** Rollup `manualChunks` for browser builds of the SDK (see browser-chunks.mjs). */
export function browserChunks(id: string): string | undefined;
