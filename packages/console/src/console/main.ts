/** The organizer console's entry: defines `<tract-console>`, which the page holds. */
import './console-app.js';
