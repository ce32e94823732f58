/** Injected on demand into the organizer's tab by the side panel; its return value is the clip. */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { clipPage } from '../src/clip.js';

export default defineUnlistedScript(() => clipPage(document, location.href));
