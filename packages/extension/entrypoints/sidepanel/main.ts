import { SidePanel } from '../../src/panel/side-panel.js';

const tab = new URLSearchParams(location.search).get('tab');
void SidePanel.start(document, tab ? { tabId: Number(tab) } : {});
