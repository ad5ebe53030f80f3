// Lint: typescript-eslint's recommended rules, and eslint-plugin-mocha so that
// an `it.only` or `describe.only` never lands.
import tseslint from "typescript-eslint"
import mocha from "eslint-plugin-mocha"

export default tseslint.config(
  { ignores: ["dist/**", "test/compat/v*/**", "docs/api/**", "node_modules/**", "**/node_modules/**", "scratch/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
    },
  },
  {
    files: ["test/**", "examples/**"],
    plugins: { mocha },
    rules: {
      "mocha/no-exclusive-tests": "error",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
)
