import { formStyles } from '../../core/styles.js';

/** The signup form needs nothing beyond the shared form styles. */
export const signupStyles = [formStyles];
