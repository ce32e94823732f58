/**
 * The service worker only wires the toolbar button and the keyboard shortcut
 * (`_execute_action`, Alt+Shift+K) to the panel. It never reads pages and
 * never touches contacts.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { clipRequest } from '../src/clip-request.js';

/** Firefox's sidebar API, which Chrome's typings do not describe. */
interface FirefoxSidebar {
  open(): Promise<void>;
}

export default defineBackground(() => {
  const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
  // The click (or shortcut) is what grants activeTab on the organizer's page; opening the
  // panel from here rather than with `openPanelOnActionClick` keeps that grant, which
  // Chrome skips when it opens the panel by itself.
  browser.action.onClicked.addListener((tab) => {
    if (sidebar) void sidebar.open();
    else void browser.sidePanel.open({ windowId: tab.windowId });
    // A panel already open reads the tab again; when none is open, nobody listens, which is fine.
    if (tab.id !== undefined) browser.runtime.sendMessage(clipRequest(tab.id)).catch(() => undefined);
  });
});
