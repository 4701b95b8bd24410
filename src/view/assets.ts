/** The viewer's own styles. */
export const VIEW_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
nav{display:flex;gap:18px;align-items:center;background:#24292f;padding:10px 24px}nav a{color:#fff;text-decoration:none}nav .brand{font-weight:700;margin-right:12px}
main{max-width:1200px;margin:0 auto;padding:24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0;overflow-x:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}.muted{color:#57606a}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td small{color:#57606a}
.filters{display:flex;gap:12px;margin-bottom:8px;flex-wrap:wrap;align-items:center}.filters button{margin-left:auto}
td.status.complete{color:#1a7f37}td.status.partial,td.status.running{color:#9a6700}td.status.aborted{color:#cf222e}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:16px}.side{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px}.big{font-size:28px;font-weight:600;margin:0}
tr.significant td.difference{font-weight:700}.warning,.error{color:#cf222e}
td.status.final{color:#1a7f37}td.status.provisional{color:#9a6700}
.board>table.leaderboard{background:#fff;border:1px solid #d0d7de}.board>table.leaderboard td:first-child{text-align:right}tr.cut td{border-top:2px dashed #cf222e;color:#cf222e;text-align:center}
`;

/** The runs table's filters: rows stay in the page (a folder holds hundreds, not thousands, of runs). */
export const VIEW_SCRIPT = `
(function(){
  var table = document.getElementById('runs');
  if (!table) return;
  var search = document.getElementById('run-search'), suite = document.getElementById('filter-suite');
  var endpoint = document.getElementById('filter-endpoint'), status = document.getElementById('filter-run-status'), count = document.getElementById('run-count');
  var params = new URLSearchParams(location.search);
  if (params.get('q')) search.value = params.get('q');
  if (params.get('suite')) suite.value = params.get('suite');
  if (params.get('endpoint')) endpoint.value = params.get('endpoint');
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function apply(){
    var needle = search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function(row){
      var keep = (!suite.value || row.dataset.suite === suite.value) && (!endpoint.value || row.dataset.endpoint === endpoint.value)
        && (!status.value || row.dataset.status === status.value) && (!needle || row.dataset.text.indexOf(needle) >= 0);
      row.hidden = !keep; if (keep) shown++;
    });
    count.textContent = shown === rows.length ? rows.length + ' runs' : shown + ' of ' + rows.length + ' runs';
  }
  [search, suite, endpoint, status].forEach(function(input){ input.addEventListener('input', apply); input.addEventListener('change', apply); });
  apply();
})();
`;
