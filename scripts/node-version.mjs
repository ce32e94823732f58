/**
 * The Node.js versions Tract runs on, as `engines.node` in the root
 * package.json declares them, checked before `npm start` and `npm test` do
 * anything: a Node that is too old fails there in one clear line, not deep in
 * a build with a syntax error.
 */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** The declared range, e.g. `^20.19.0 || >=22.12.0`. */
export const SUPPORTED_NODE = manifest.engines.node;

const parse = (version) => version.replace(/^v/, '').split('.').map(Number);
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` (`20.20.2`) is within `range`, written as `^x.y.z` and `>=x.y.z` alternatives joined by `||`. */
export function satisfies(version, range = SUPPORTED_NODE) {
  const current = parse(version);
  return range.split('||').some((alternative) => {
    const [, operator, bound] = /^\s*(\^|>=)\s*([\d.]+)\s*$/.exec(alternative) ?? [];
    if (!operator) throw new Error(`package.json engines.node: cannot read "${alternative.trim()}" (write ^x.y.z or >=x.y.z).`);
    const lowest = parse(bound);
    return compare(current, lowest) >= 0 && (operator === '>=' || current[0] === lowest[0]);
  });
}

/** The range in words: `20.19 or a later 20.x, or 22.12 or later`. */
function inWords(range, french) {
  return range
    .split('||')
    .map((alternative) => {
      const [, operator, major, minor] = /^\s*(\^|>=)\s*(\d+)\.(\d+)/.exec(alternative) ?? [];
      if (operator === '>=') return french ? `${major}.${minor} ou plus récent` : `${major}.${minor} or later`;
      return french ? `${major}.${minor} ou un ${major}.x plus récent` : `${major}.${minor} or a later ${major}.x`;
    })
    .join(french ? ', ou ' : ', or ');
}

/** Stops `command` (`npm start`, `npm test`) with a clear line, in the terminal's language, when this Node is not supported. */
export function requireSupportedNode(command) {
  const version = process.versions.node;
  if (satisfies(version)) return;
  const french = /^fr/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
  console.error(
    french
      ? `${command} : Tract demande Node.js ${inWords(SUPPORTED_NODE, true)}, et ceci est Node ${version}. Installez une version prise en charge (https://nodejs.org, ou nvm install 22), puis relancez ${command}.`
      : `${command}: Tract needs Node.js ${inWords(SUPPORTED_NODE, false)}, and this is Node ${version}. Install a supported version (https://nodejs.org, or nvm install 22), then run ${command} again.`,
  );
  process.exit(1);
}
