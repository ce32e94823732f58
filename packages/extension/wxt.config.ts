/**
 * One codebase, two builds: Chrome MV3 (side panel) and Firefox MV3 (sidebar).
 * The permissions here are the whole list; `manifest.test.ts` fails the build
 * of anyone who adds one. Host access is optional and requested for the
 * organizer's relay only, at setup.
 */
import { defineConfig } from 'wxt';

/** Where a relay can live: any https origin, or this computer (`npm start`). Only the configured one is ever requested. */
export const RELAY_HOST_PATTERNS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  imports: false,
  // Workspace packages are bundled from their TypeScript sources, so the extension never waits for their builds.
  vite: () => ({ resolve: { conditions: ['tract-source', 'browser', 'module', 'import', 'default'] } }),
  manifestVersion: 3,
  zip: { artifactTemplate: 'tract-{{version}}-{{browser}}.zip', sourcesTemplate: 'tract-{{version}}-sources.zip' },
  manifest: ({ browser }) => ({
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    permissions: browser === 'firefox' ? ['storage', 'activeTab', 'scripting'] : ['storage', 'sidePanel', 'activeTab', 'scripting'],
    optional_host_permissions: RELAY_HOST_PATTERNS,
    action: { default_title: '__MSG_commandOpenPanel__' },
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_commandOpenPanel__' } }
        : { _execute_action: { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_commandOpenPanel__' } },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'extension@tract.example',
              strict_min_version: '140.0',
              // Honest answer to Firefox: people's names and profiles read from pages go to the organizer's relay.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
