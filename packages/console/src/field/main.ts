/** The volunteers' field page entry: defines `<tract-field>`, which the page holds. */
import './field-app.js';
