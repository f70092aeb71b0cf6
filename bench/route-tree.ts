import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One route of src/app/router.tsx with the lazy modules that must load before it renders. */
export interface RouteModuleChain {
  /** The full path pattern, e.g. "/c/:customerId/k/:contractId/alerts" ("/" for the index). */
  pattern: string;
  /** The route's own lazy module, relative to the project root, e.g. "src/app/routes/alerts.tsx". */
  module: string;
  /** Lazy modules from the outermost layout to the route itself (React Router loads them in parallel). */
  chain: string[];
  /** The route has children (a layout), so it is never shown on its own. */
  isLayout: boolean;
}

/**
 * Reads the lazy route tree of src/app/router.tsx: every object literal with a
 * `lazy: () => import("./routes/x")` property, nested through `children`.
 */
export function readRouteTree(routerFile = "src/app/router.tsx", root = process.cwd()): RouteModuleChain[] {
  const full = path.resolve(root, routerFile);
  const source = ts.createSourceFile(full, readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
  const dir = path.dirname(full);
  const routes: RouteModuleChain[] = [];

  const propertyOf = (node: ts.ObjectLiteralExpression, name: string) =>
    node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name);

  const importTarget = (node: ts.Node): string | null => {
    let found: string | null = null;
    const visit = (n: ts.Node) => {
      if (found) return;
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = n.arguments[0];
        if (arg && ts.isStringLiteral(arg)) found = arg.text;
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };

  const resolveModule = (specifier: string): string => {
    const base = path.resolve(dir, specifier);
    for (const ext of ["", ".tsx", ".ts"]) {
      try {
        readFileSync(base + ext);
        return path.relative(root, base + ext).split(path.sep).join("/");
      } catch {
        // try the next extension
      }
    }
    return path.relative(root, base).split(path.sep).join("/");
  };

  const visit = (node: ts.Node, chain: string[], parentPattern: string) => {
    if (ts.isObjectLiteralExpression(node)) {
      const lazy = propertyOf(node, "lazy");
      const pathProp = propertyOf(node, "path");
      const index = propertyOf(node, "index");
      const children = propertyOf(node, "children");
      const segment = pathProp && ts.isStringLiteral(pathProp.initializer) ? pathProp.initializer.text : "";
      const pattern = segment.startsWith("/")
        ? segment
        : segment
          ? `${parentPattern.replace(/\/$/, "")}/${segment}`
          : parentPattern || "/";
      const target = lazy ? importTarget(lazy.initializer) : null;
      const nextChain = target ? [...chain, resolveModule(target)] : chain;
      if (target) {
        routes.push({ pattern: index ? parentPattern || "/" : pattern, module: resolveModule(target), chain: nextChain, isLayout: Boolean(children) });
      }
      if (children) ts.forEachChild(children.initializer, (child) => visit(child, nextChain, pattern));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, chain, parentPattern));
  };
  visit(source, [], "");
  return routes;
}
