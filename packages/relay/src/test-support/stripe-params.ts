/**
 * Checks request parameter names against the `stripe` package's own
 * TypeScript declarations (e.g. `Checkout.SessionCreateParams`), the way
 * Stripe's API refuses an unknown parameter: a stand-in that accepted a
 * misspelt name would hide the bug the real API would reveal.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/** The declaration file of a `stripe` resource, e.g. `Checkout/Sessions` or `Refunds`. */
function declarationFile(resource: string): string {
  // The main entry is `cjs/stripe.cjs.node.js`: the package root is its folder's parent.
  const root = dirname(dirname(require.resolve('stripe')));
  return join(root, 'esm', 'resources', `${resource}.d.ts`);
}

// Building a program reads the package's declarations (seconds): one program serves every resource.
const RESOURCES = ['Checkout/Sessions', 'Refunds', 'Subscriptions', 'PaymentIntents'];
let shared: ts.Program | undefined;

function programOf(file: string): ts.Program {
  shared ??= ts.createProgram(RESOURCES.map(declarationFile), { skipLibCheck: true, noEmit: true, types: [] });
  return shared.getSourceFile(file) ? shared : ts.createProgram([file], { skipLibCheck: true, noEmit: true, types: [] });
}

export type ParamProblem = { param: string; code: 'parameter_unknown' | 'parameter_invalid_integer' };

/** Checks flattened form keys (`line_items[0][price_data][currency]`) against one params type. */
export class StripeParamChecker {
  private readonly checker: ts.TypeChecker;
  private readonly root: ts.Type;

  /** `typePath` is the type's qualified name inside the file, e.g. `Checkout.SessionCreateParams`. */
  constructor(resource: string, typePath: string) {
    const file = declarationFile(resource);
    const program = programOf(file);
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cannot read ${file}`);
    const declaration = findDeclaration(source, typePath.split('.'));
    if (!declaration) throw new Error(`${typePath} is not declared in ${file}`);
    this.root = this.checker.getTypeAtLocation(declaration);
  }

  /** The first key whose name the type does not declare, if any. */
  check(keys: string[]): ParamProblem | undefined {
    for (const key of keys) {
      const segments = key.replace(/\]/g, '').split('[');
      let types: ts.Type[] = [this.root];
      for (const segment of segments) {
        types = this.step(types, segment);
        if (types.length === 0) return { param: key, code: 'parameter_unknown' };
      }
    }
    return undefined;
  }

  private step(types: ts.Type[], segment: string): ts.Type[] {
    const next: ts.Type[] = [];
    for (const type of types.flatMap((t) => (t.isUnion() ? t.types : [t]))) {
      if (/^\d+$/.test(segment)) {
        const element = this.checker.getIndexTypeOfType(type, ts.IndexKind.Number);
        if (element) next.push(element);
        continue;
      }
      const property = type.getProperty(segment);
      if (property) {
        next.push(this.checker.getTypeOfSymbol(property));
        continue;
      }
      const index = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
      if (index) next.push(index);
    }
    return next.map((t) => this.checker.getNonNullableType(t));
  }
}

function findDeclaration(node: ts.Node, path: string[]): ts.Node | undefined {
  const [head, ...rest] = path;
  let found: ts.Node | undefined;
  node.forEachChild((child) => {
    if (found) return;
    if (ts.isModuleDeclaration(child) && child.name.text === head && rest.length > 0) {
      found = child.body ? findDeclaration(child.body, rest) : undefined;
    } else if ((ts.isInterfaceDeclaration(child) || ts.isTypeAliasDeclaration(child)) && child.name.text === head && rest.length === 0) {
      found = child;
    } else if (ts.isModuleBlock(child)) {
      found = findDeclaration(child, path);
    }
  });
  return found;
}
