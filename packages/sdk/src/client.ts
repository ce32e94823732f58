/** PLACEHOLDER: the client is being implemented (issue 2). */
export function createClient(_options: unknown): never {
  throw new Error('createClient(): not implemented yet');
}
