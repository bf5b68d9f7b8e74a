/** Where the console's one stylesheet is served (same origin, so `style-src 'self'` holds). */
export const ConsoleCssPath = "/console/console.css"

// One small stylesheet for every console page: system fonts, no asset from elsewhere. Colours
// keep a contrast of at least 4.5:1 on their backgrounds (WCAG AA). Long words (an email, a key, a
// URL) break rather than push a 320 px screen sideways. The focus ring is dark amber
// on the light pages and light amber on the dark header (and the skip link, shown over it): one
// colour cannot keep 3:1 against both (WCAG 1.4.11).
export const consoleCss = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f5f7}
a{color:#1d4ed8}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header{background:#1e293b;color:#fff}
header .bar{max-width:72rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header .brand{font-weight:700;color:#fff;text-decoration:none;margin-right:auto}
header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header nav a{color:#e2e8f0;text-decoration:none;padding:.25rem 0;border-bottom:2px solid transparent}
header nav a[aria-current=page]{color:#fff;border-bottom-color:#93c5fd}
header .who{display:flex;gap:.75rem;align-items:center;font-size:.9rem;color:#e2e8f0}
header .who form{margin:0}
header .who button{background:transparent;color:#fff;border:1px solid #94a3b8;padding:.25rem .75rem}
main{max-width:72rem;margin:1.5rem auto;padding:0 1rem;overflow-wrap:break-word}
main.narrow{max-width:30rem;margin-top:3rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d9dde3;border-radius:.5rem;padding:1.25rem;margin:0 0 1rem}
.muted{color:#4b5563}
.notice{border-left:4px solid #15803d;background:#f0fdf4;padding:.75rem 1rem;margin:0 0 1rem}
.error{border-left:4px solid #b91c1c;background:#fef2f2;padding:.75rem 1rem;margin:0 0 1rem}
.secret{font-family:ui-monospace,monospace;overflow-wrap:anywhere;background:#f1f5f9;padding:.5rem;display:block}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=text],input[type=url],select,textarea{font:inherit;width:100%;padding:.5rem;border:1px solid #6b7280;border-radius:.35rem;background:#fff;color:#1b1b1b}
textarea{min-height:8rem}
button,.button{font:inherit;font-weight:600;padding:.5rem 1.1rem;border:0;border-radius:.35rem;background:#1d4ed8;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.danger{background:#b91c1c}
button.plain{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
header .bar :focus-visible,.skip:focus-visible{outline-color:#f59e0b}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{font-size:.85rem;color:#374151}
.table{overflow-x:auto;border:1px solid #d9dde3;border-radius:.5rem}
td form{display:inline-flex;gap:.35rem;flex-wrap:wrap;margin:0}
td select{width:auto}
.subnav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0 0 1rem;padding:0;list-style:none}
.choose{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 1rem}
.choose label{margin:0}
.choose select{width:auto;max-width:100%}
textarea.code{font-family:ui-monospace,monospace;font-size:.9rem;min-height:0}
.variables{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
h3{font-size:1rem;margin:1rem 0 .25rem}
.card>h2:first-child{margin-top:0}
.email-subject{margin:0;font-weight:600}
.email-text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f1f5f9;padding:.75rem;margin:0;font:.9rem/1.5 ui-monospace,monospace}
.email-html{display:block;width:100%;height:36rem;border:1px solid #d9dde3;border-radius:.35rem;background:#fff}
@media (max-width:40rem){main{margin-top:1rem}h1{font-size:1.3rem}.card{padding:1rem}}
`
