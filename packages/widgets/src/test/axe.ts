/** axe-core in the test page, with the WCAG 2.2 AA tags and the `target-size` rule switched on (it is off by default). */
import { expect } from '@open-wc/testing';

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element, options: object): Promise<AxeResults> };
  }
}

let loading: Promise<void> | undefined;

function loadAxe(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core could not be loaded'));
    document.head.append(script);
  });
  return loading;
}

/** Fails with every violation axe finds in `element` (shadow DOM included). */
export async function expectAccessible(element: Element): Promise<void> {
  await loadAxe();
  const results = await window.axe!.run(element, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    rules: { 'target-size': { enabled: true } },
  });
  const found = results.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(found).to.deep.equal([]);
}
