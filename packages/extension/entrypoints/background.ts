/**
 * The service worker only wires the toolbar button and the keyboard shortcut
 * to the panel. It never reads pages and never touches contacts.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';

/** Firefox's sidebar API, which Chrome's typings do not describe. */
interface FirefoxSidebar {
  toggle(): Promise<void>;
}

export default defineBackground(() => {
  const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
  if (sidebar) {
    // Firefox has no "open on action click" setting: the button toggles the sidebar.
    browser.action.onClicked.addListener(() => sidebar.toggle());
  } else {
    // The button and its shortcut (`_execute_action`) open the side panel and grant activeTab on the page.
    void browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  }
});
