/**
 * JSON schemas of @metronome/sdk's declared types, read from its .d.ts files with the TypeScript
 * checker each time they are asked for (nothing is cached on disk, so they cannot fall behind the
 * installed SDK). Test support only: it loads the TypeScript compiler.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The subset of JSON Schema the SDK's response types need. */
export type JsonSchema =
  | { $ref: string }
  | { type: "object"; title: string; properties: Record<string, JsonSchema>; required: string[]; additionalProperties: boolean | JsonSchema }
  | { type: "array"; items: JsonSchema }
  | { type: "string" | "number" | "boolean" | "null"; enum?: Array<string | number | boolean> }
  | { anyOf: JsonSchema[]; title?: string }
  /** `unknown` and `any`: anything is accepted. */
  | { title?: string };

export interface SchemaSet {
  /** Named object types, keyed by their SDK name (`ContractEditResponse.Data`). */
  definitions: Record<string, JsonSchema>;
  /** One schema per root, keyed as the caller named them. */
  roots: Record<string, JsonSchema>;
}

export interface SchemaRequest {
  /** Import lines of the virtual module the roots are written in (resolved from this folder). */
  imports: string[];
  /** Root name → TypeScript type expression, e.g. `"POST /v2/contracts/edit": "ContractEditResponse"`. */
  roots: Record<string, string>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VIRTUAL = path.join(HERE, "sdk-schema-roots.virtual.ts");
const ROOTS_INTERFACE = "SchemaRoots";

/** Builds the schemas of every root type in one program (about a second). */
export function buildSchemas(request: SchemaRequest): SchemaSet {
  const text = [
    ...request.imports,
    `export interface ${ROOTS_INTERFACE} {`,
    ...Object.entries(request.roots).map(([name, type]) => `  ${JSON.stringify(name)}: ${type};`),
    "}",
  ].join("\n");
  const { checker, roots, problems } = compile(text);
  if (problems.length > 0) throw new Error(`The SDK types did not resolve:\n${problems.join("\n")}`);
  const walker = new SchemaWalker(checker);
  const out: Record<string, JsonSchema> = {};
  for (const prop of checker.getPropertiesOfType(roots)) out[prop.name] = walker.schemaOf(checker.getTypeOfSymbol(prop), prop.name);
  return { definitions: walker.definitions, roots: out };
}

function compile(text: string): { checker: ts.TypeChecker; roots: ts.Type; problems: string[] } {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts"],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    path.resolve(name) === VIRTUAL ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  host.fileExists = (name) => path.resolve(name) === VIRTUAL || fileExists(name);
  host.readFile = (name) => (path.resolve(name) === VIRTUAL ? text : readFile(name));
  const program = ts.createProgram([VIRTUAL], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(VIRTUAL);
  const problems = ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  const decl = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === ROOTS_INTERFACE);
  if (!decl) throw new Error("The virtual roots module has no roots interface");
  return { checker, roots: checker.getTypeAtLocation(decl), problems };
}

/** Walks checker types into schemas; named object types become shared definitions (recursion-safe). */
class SchemaWalker {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly named = new Map<ts.Type, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type, context: string): JsonSchema {
    const f = type.flags;
    // An unresolved import reads as `any`; it must fail here rather than accept everything.
    if ((type as { intrinsicName?: string }).intrinsicName === "error") throw new Error(`${context}: the SDK type did not resolve`);
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.Union) return this.union(type as ts.UnionType, context);
    if (f & ts.TypeFlags.StringLiteral) return { type: "string", enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: "number", enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: "boolean", enum: [type === this.checker.getTrueType()] };
    if (f & ts.TypeFlags.String) return { type: "string" };
    if (f & ts.TypeFlags.Number) return { type: "number" };
    if (f & ts.TypeFlags.Boolean) return { type: "boolean" };
    if (f & ts.TypeFlags.Null) return { type: "null" };
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const [item] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: item ? this.schemaOf(item, `${context}[]`) : {} };
    }
    if (f & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return this.object(type, context);
    throw new Error(`${context}: no JSON schema for the type ${this.checker.typeToString(type)}`);
  }

  /** `A | B | null`: string literals merge into one enum, `true | false` is boolean, `undefined` (optional) drops out. */
  private union(type: ts.UnionType, context: string): JsonSchema {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const out: JsonSchema[] = [];
    const literals: string[] = [];
    const hasString = members.some((t) => t.flags & ts.TypeFlags.String);
    const hasTrue = members.some((t) => t === this.checker.getTrueType());
    const hasFalse = members.some((t) => t === this.checker.getFalseType());
    for (const member of members) {
      if (member.flags & ts.TypeFlags.StringLiteral) {
        if (!hasString) literals.push((member as ts.StringLiteralType).value);
      } else if (member.flags & ts.TypeFlags.BooleanLiteral && hasTrue && hasFalse) {
        if (member === this.checker.getTrueType()) out.push({ type: "boolean" });
      } else if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
      else out.push(this.schemaOf(member, context));
    }
    if (literals.length > 0) out.unshift({ type: "string", enum: literals });
    if (out.length === 1) return out[0] as JsonSchema;
    const title = type.aliasSymbol ? this.nameOf(type.aliasSymbol, type.aliasTypeArguments) : undefined;
    return title ? { anyOf: out, title } : { anyOf: out };
  }

  private object(type: ts.Type, context: string): JsonSchema {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const anonymous = !symbol || symbol.name === "__type" || symbol.name === "__object";
    if (anonymous) return this.objectBody(type, context);
    const known = this.named.get(type);
    if (known) return { $ref: known };
    const isReference = ((type as ts.ObjectType).objectFlags ?? 0) & ts.ObjectFlags.Reference;
    const args = type.aliasSymbol ? type.aliasTypeArguments : isReference ? this.checker.getTypeArguments(type as ts.TypeReference) : undefined;
    const name = this.unique(this.nameOf(symbol, args), symbol);
    this.named.set(type, name);
    this.taken.add(name);
    this.definitions[name] = {};
    this.definitions[name] = this.objectBody(type, name);
    return { $ref: name };
  }

  private objectBody(type: ts.Type, title: string): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      properties[prop.name] = this.schemaOf(this.checker.getTypeOfSymbol(prop), `${title}.${prop.name}`);
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    const index = this.checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.String);
    const additionalProperties = index ? this.schemaOf(index.type, `${title}[key]`) : false;
    return { type: "object", title, properties, required, additionalProperties };
  }

  /** The SDK's own dotted name without its module: `ContractEditResponse.Data`, `CursorPageResponse<CustomerDetail>`. */
  private nameOf(symbol: ts.Symbol, args: readonly ts.Type[] | undefined): string {
    const base = this.checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, "");
    return args && args.length > 0 ? `${base}<${args.map((a) => this.checker.typeToString(a)).join(", ")}>` : base;
  }

  /** Two SDK modules may both name a type `ContractRetrieveResponse` (v1 and v2): the later one gets its module. */
  private unique(name: string, symbol: ts.Symbol): string {
    if (!this.taken.has(name)) return name;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
    const module = file.replace(/^.*@metronome\/sdk\//, "").replace(/\.d\.m?ts$/, "");
    let candidate = `${name} (${module})`;
    for (let i = 2; this.taken.has(candidate); i++) candidate = `${name} (${module} ${i})`;
    return candidate;
  }
}
