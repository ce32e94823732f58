import type { IssueCode } from '../schema/codes.js';

/** Parameters a message may mention (limits, expected values, rule names). */
export type MessageParams = Record<string, string | number>;

/** One function per issue code: adding a locale is one typed object. */
export type IssueMessages = Record<IssueCode, (params: MessageParams) => string>;
