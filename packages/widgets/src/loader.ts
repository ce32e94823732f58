/**
 * `tract-widgets.iife.js`: the one classic `<script>` tag a webmaster pastes.
 * It adds the ES module build (`tract-widgets.js`, in the same directory) to
 * the page, so the widgets render first and fetch the SDK and its validation
 * chunks only afterwards, which a single classic script cannot do. Works under
 * `script-src 'self'` and `require-trusted-types-for 'script'`.
 */

interface ScriptUrlPolicy {
  createScriptURL(url: string): string;
}

/** The module build beside this script, or undefined when the script's own address is unknown. */
function moduleUrl(): string | undefined {
  const script = document.currentScript as HTMLScriptElement | null;
  return script?.src ? new URL('tract-widgets.js', script.src).href : undefined;
}

/** `url` as a Trusted Types script URL where the page requires one; the policy vouches for that one URL only. */
function trusted(url: string): string {
  const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy } })
    .trustedTypes;
  if (!trustedTypes) return url;
  return trustedTypes
    .createPolicy('tract-widgets-loader', {
      createScriptURL(candidate) {
        if (candidate !== url) throw new TypeError(`tract-widgets only loads its own module build, not ${candidate}`);
        return candidate;
      },
    })
    .createScriptURL(url);
}

const url = moduleUrl();
if (url) {
  const script = document.createElement('script');
  script.type = 'module';
  script.src = trusted(url);
  document.head.append(script);
} else {
  console.error(
    'tract-widgets: load tract-widgets.iife.js with <script src="…/tract-widgets.iife.js">, not from a string or a module, so it can find tract-widgets.js beside it.',
  );
}
