/**
 * The 403 page the proxy answers with when a signed-in user's role does not reach a page: the
 * same words as app/forbidden.tsx, which pages render when their own guard refuses.
 */
export function forbiddenPageHtml(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>403 Forbidden · Warden</title>
<style>body{font-family:system-ui,sans-serif;color:#0f172a;margin:0}main{max-width:32rem;margin:0 auto;padding:3rem;text-align:center}
.kicker{color:#e11d48;font-size:.875rem;font-weight:600}h1{font-size:1.5rem;font-weight:600;margin:.5rem 0}p{color:#475569}a{color:#0369a1}</style></head>
<body><main data-testid="forbidden"><p class="kicker">403 Forbidden</p><h1>You do not have access to this page</h1>
<p>Your role does not include it. Ask a Warden admin if you need it for your work.</p>
<p><a href="/executions">Back to Executions</a></p></main></body></html>`;
}
