/** Where an action came from: attribution without personal data. */
import * as z from 'zod/mini';
import { hostName, line, pageUrl } from './fields.js';

export const sourceSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    utmSource: z.optional(line(200)),
    utmMedium: z.optional(line(200)),
    utmCampaign: z.optional(line(200)),
    utmTerm: z.optional(line(200)),
    utmContent: z.optional(line(200)),
    /** A campaign's own tracking code (`?refcode=` or `?source=`). */
    refcode: z.optional(line(100)),
    /** Host of the referring page only, never its full URL. */
    referrerHost: z.optional(hostName),
    /** The page the form was on, scrubbed of prefill parameters such as `email`. */
    pageUrl: z.optional(pageUrl),
  }))();

export type Source = z.infer<typeof sourceSchema>;
