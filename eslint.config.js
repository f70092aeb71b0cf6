import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import pluginQuery from "@tanstack/eslint-plugin-query";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "public", "test-results", "playwright-report", ".data*", "bench/tmp"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginQuery.configs["flat/recommended"],
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The SPA never imports the server or the simulator; they never import the SPA.
    files: ["src/app/**", "src/features/**", "src/components/**", "src/lib/**", "src/main.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/server/**", "**/simulator/**"], message: "The SPA talks to /api only; it never imports the server or the simulator." },
        { group: ["@metronome/sdk", "@metronome/sdk/*"], allowTypeImports: true, message: "Only `import type` from the SDK in the browser." },
      ] }],
    },
  },
  {
    files: ["src/server/**", "src/simulator/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/app/**", "**/features/**", "**/components/**"], message: "The server and the simulator never import the SPA." },
      ] }],
    },
  },
  {
    // Pure domain logic shared by the SPA and the server: framework-free, imports nothing of theirs.
    files: ["src/domain/**", "src/contract/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/app/**", "**/features/**", "**/components/**", "**/lib/**", "**/server/**", "**/simulator/**", "react", "react-dom"], message: "src/domain and src/contract are pure and import nothing of the SPA, the server or the simulator." },
        { group: ["@metronome/sdk", "@metronome/sdk/*"], allowTypeImports: true, message: "Only `import type` from the SDK here." },
      ] }],
    },
  },
  {
    // Node-only tests beside SPA or domain code may drive the real simulator in process (never shipped).
    files: ["src/features/**/*.node.test.ts", "src/domain/**/*.node.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/server/**", "**/app/**", "**/components/**"], message: "Tests beside the SPA or the domain may use the simulator, not the server or the app." },
      ] }],
    },
  },
  {
    files: ["src/server/**", "src/simulator/node/**", "scripts/**", "e2e/**", "bench/**", "test/**", "*.config.{js,ts}", "src/**/*.node.test.ts"],
    languageOptions: { globals: { ...globals.node } },
  },
);
