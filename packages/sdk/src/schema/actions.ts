/**
 * The six actions Tract carries. Each schema is strict (unknown fields are
 * refused, so nothing unexpected is ever stored) and normalises as it parses.
 */
export * from './contact.js';
export * from './donation.js';
export * from './field-result.js';
export * from './petition.js';
export * from './rsvp.js';
export * from './signup.js';
