// Lint for the TypeScript sources; compiled output and dependencies are not linted.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".test-artifacts/**", ".pulumi-state/**", ".skyvern-local/**", "scripts/pulumi-language-nodejs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // The serialized provider must require() its runtime by package name at call time.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
