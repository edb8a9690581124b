// ESLint for the JavaScript of app/core/draw/verify.html, extracted by scripts/lint-js.sh.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2020, // what the 360/QQ browsers' Chromium cores and older Safari run
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker },
    },
    rules: {
      "no-unused-vars": ["error", { vars: "all", args: "after-used", caughtErrors: "none" }],
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      strict: ["error", "global"],
      "no-implicit-globals": "off",
    },
  },
];
