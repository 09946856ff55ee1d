// Errors are collected so the end-to-end tests can fail on any of them; Content-Security-Policy
// violations too (the policy is in index.html). A file, not an inline script, so the policy
// needs no 'unsafe-inline' for scripts.
window.__consoleErrors = [];
window.__cspViolations = [];
const logError = console.error.bind(console);
console.error = (...args) => { window.__consoleErrors.push(args.map(String).join(" ")); logError(...args); };
addEventListener("error", (e) => window.__consoleErrors.push(String(e.message || e.target?.src || e.target?.href || "resource error")), true);
addEventListener("unhandledrejection", (e) => window.__consoleErrors.push(String(e.reason)));
addEventListener("securitypolicyviolation", (e) => {
  const what = `CSP: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber})`;
  window.__cspViolations.push(what);
  window.__consoleErrors.push(what);
});
