import { OptionsPage } from '../../src/options/options-page.js';

void OptionsPage.start(document);
