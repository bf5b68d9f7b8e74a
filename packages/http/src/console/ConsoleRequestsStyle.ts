/**
 * The styles of the console's request pages (dashboard, list, request page), for the console
 * layout's one stylesheet. Status and deadline badges carry their words as well as their colour,
 * every colour pair reaches WCAG AA contrast, and nothing is wider than a 375 px screen: wide
 * tables scroll inside their own region.
 */
export const consoleRequestsCss = `
.muted{color:#52606d;font-weight:400}
h1 .muted{font-size:.9rem;display:block;overflow-wrap:anywhere}
.crumbs{margin:0 0 .5rem;font-size:.9rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:.5rem 0 1.5rem}
.tile{display:flex;flex-direction:column;padding:1rem;border:1px solid #cbd2d9;border-left-width:6px;border-radius:.4rem;text-decoration:none;color:#1f2933;background:#fff}
.tile:hover,.tile:focus-visible{background:#f0f4f8}
.tile-count{font-size:2rem;font-weight:700;line-height:1.1}
.tile-label{font-size:.95rem}
.tile-alert{border-left-color:#b42318}.tile-alert .tile-count{color:#b42318}
.tile-warn{border-left-color:#b54708}.tile-warn .tile-count{color:#93370d}
.tile-plain{border-left-color:#3e4c59}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
thead th{font-size:.85rem;color:#3e4c59;background:#f5f7fa}
table.counts{max-width:28rem}
.table-wrap{overflow-x:auto;border:1px solid #e4e7eb;border-radius:.4rem}
.table-wrap:focus-visible{outline:3px solid #b45309}
table.requests th[scope=row] a{font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
@media (max-width:40rem){
table.requests thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.requests tr{display:block;padding:.5rem 0;border-bottom:1px solid #cbd2d9}
table.requests th,table.requests td{display:block;border:0;padding:.1rem .75rem}
table.requests .cell-label{display:inline}
}
.cell-label{display:none;color:#52606d}
.status,.due{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;white-space:nowrap;border:1px solid transparent}
.status-unverified{background:#fff4e5;color:#7a2e0e;border-color:#f5c58a}
.status-verified{background:#e6f0ff;color:#1e3a8a;border-color:#a9c4f5}
.status-work_in_progress{background:#eef2ff;color:#3730a3;border-color:#c3c8f7}
.status-fulfilled{background:#e7f6ec;color:#14532d;border-color:#9fd8b0}
.status-refused{background:#fdecea;color:#7f1d1d;border-color:#f3b4ae}
.status-archived{background:#f0f2f5;color:#323f4b;border-color:#cbd2d9}
.due-overdue{background:#b42318;color:#fff}
.due-due{background:#f0f2f5;color:#323f4b}
.due-answered{background:#e7f6ec;color:#14532d}
.chart svg{width:100%;height:auto;max-height:16rem}
.chart .bar{fill:#2f5fb3}
.chart .value{font-size:20px;font-weight:600;text-anchor:middle;fill:#1f2933}
.chart .axis{font-size:18px;text-anchor:middle;fill:#3e4c59}
.chart .baseline{stroke:#7b8794}
.chart details{margin-top:.5rem}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem 1rem;padding:1rem;border:1px solid #e4e7eb;border-radius:.4rem;background:#f8fafc;margin:0 0 1rem}
.filters fieldset{grid-column:1/-1}
fieldset{border:1px solid #cbd2d9;border-radius:.4rem;margin:0;padding:.5rem .75rem .75rem;min-width:0}
.events .check,.check.wraps{white-space:normal;overflow-wrap:anywhere}
legend{font-weight:600;padding:0 .25rem}
.field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 .5rem}
.field label{font-weight:600;font-size:.95rem}
.check{display:inline-flex;align-items:center;gap:.35rem;margin:.25rem 1rem .25rem 0;white-space:nowrap}
input,select,textarea{font:inherit;padding:.45rem .5rem;border:1px solid #7b8794;border-radius:.3rem;max-width:100%;box-sizing:border-box;background:#fff;color:#1f2933}
input[type=checkbox]{width:1.1rem;height:1.1rem}
textarea{width:100%}
.actions{display:flex;align-items:end;gap:1rem}
button{font:inherit;font-weight:600;padding:.5rem 1rem;border:1px solid #1e3a8a;border-radius:.35rem;background:#1e3a8a;color:#fff;cursor:pointer}
button.danger{background:#b42318;border-color:#b42318}
:is(a,button,input,select,textarea,summary):focus-visible{outline:3px solid #b45309;outline-offset:2px}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem}
.action-inline{margin:0}
form.action{margin:0 0 1rem}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.pager{display:flex;gap:1rem;margin:1rem 0}
.notice{padding:.75rem 1rem;border-radius:.4rem;margin:0 0 1rem;font-weight:600}
.notice-error{background:#fdecea;color:#7f1d1d;border:1px solid #f3b4ae}
.notice-done{background:#e7f6ec;color:#14532d;border:1px solid #9fd8b0}
.summary-line{display:flex;gap:.5rem;margin:0 0 1rem}
.columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem}
@media (max-width:48rem){.columns{grid-template-columns:minmax(0,1fr)}}
select{width:100%}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0 0 1rem}
dl.fields dt{font-weight:600}dl.fields dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl.fields{grid-template-columns:1fr;gap:0}dl.fields dd{margin:0 0 .5rem}}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #cbd2d9}
.timeline li{padding:.25rem 0 .75rem 1rem;position:relative;overflow-wrap:anywhere}
.timeline time,.notes time{display:block;font-size:.85rem;color:#52606d}
.notes{list-style:none;padding:0}
.notes li{border:1px solid #e4e7eb;border-radius:.4rem;padding:.5rem .75rem;margin:0 0 .5rem;background:#fffdf5}
.notes p{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
`
