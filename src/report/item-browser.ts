import { escapeHtml } from "./escape.js";

/**
 * The item browser: a table with column headers over every item, text search, status and subject
 * filters, and virtual scrolling (only the rows in view exist in the page, so 35,030 items stay
 * fast). Its items come either from a JSON data island (the self-contained HTML report) or, when
 * the container names an API (`kfm view`), page by page from the server. Everything is drawn with
 * textContent only, so a reply containing `<script>` or an `onerror=` attribute stays text.
 */
export const ITEM_BROWSER_SCRIPT = `
(function(){
  var root = document.getElementById('item-browser');
  if (!root) return;
  var listApi = root.getAttribute('data-api'), itemApi = root.getAttribute('data-item');
  var island = document.getElementById('kfm-items');
  var all = island ? JSON.parse(island.textContent) : null;
  var $ = function(id){ return document.getElementById(id); };
  var search = $('item-search'), status = $('filter-status'), subject = $('filter-subject'), count = $('item-count');
  var viewport = $('items'), spacer = $('items-spacer'), detail = $('item-detail');
  var ROW = 26, PAGE = 200, total = 0, of = 0, matches = [], pages = {}, generation = 0, timer = null, subjectsAdded = false;
  var params = new URLSearchParams(location.search);
  function addSubjects(names){
    if (subjectsAdded) return; subjectsAdded = true;
    names.forEach(function(name){ var option = document.createElement('option'); option.value = name; option.textContent = name; subject.appendChild(option); });
    if (params.get('subject')) subject.value = params.get('subject');
  }
  if (params.get('q')) search.value = params.get('q');
  if (params.get('status')) status.value = params.get('status');
  if (all) {
    all.forEach(function(item, n){ item.n = n; item.text = [item.id, item.subject, item.status, item.target, item.extracted, item.reply, item.prompt].join('\\n').toLowerCase(); });
    addSubjects(Object.keys(all.reduce(function(seen, item){ seen[item.subject] = true; return seen; }, {})).sort());
  }
  function field(label, value){ if (value === undefined || value === null || value === '') return; var h = document.createElement('h3'); h.textContent = label; var p = document.createElement('pre'); p.textContent = String(value); detail.appendChild(h); detail.appendChild(p); }
  function showItem(item){ detail.textContent = ''; field('id', (item.run ? item.run + ' / ' : '') + item.id); field('subject', item.subject); field('status', item.status + (item.rule ? ' (rule: ' + item.rule + ')' : '')); field('target', item.target); field('extracted', item.extracted); field('prompt', item.prompt); field('reply', item.reply); field('reasoning', item.reasoning); field('transcript', item.transcript); field('judge', item.judge); field('error', item.error); }
  function show(n){
    if (all) return showItem(all[n]);
    fetch(itemApi + '&n=' + n).then(function(response){ return response.json(); }).then(showItem);
  }
  function query(){ return '&q=' + encodeURIComponent(search.value) + '&status=' + encodeURIComponent(status.value) + '&subject=' + encodeURIComponent(subject.value); }
  function load(page){
    if (pages[page] !== undefined) return;
    pages[page] = null; var asked = generation;
    fetch(listApi + query() + '&offset=' + page * PAGE + '&limit=' + PAGE).then(function(response){ return response.json(); }).then(function(body){
      if (asked !== generation) return;
      pages[page] = body.items; total = body.total; of = body.of; addSubjects(body.subjects || []); draw();
    });
  }
  function rowAt(index){ if (all) return matches[index]; var page = pages[Math.floor(index / PAGE)]; return page ? page[index % PAGE] : undefined; }
  function cell(row, text){ var span = document.createElement('span'); span.textContent = text === undefined || text === null || text === '' ? '-' : String(text); row.appendChild(span); }
  function draw(){
    spacer.style.height = (total * ROW) + 'px';
    var rows = $('items-rows'); rows.textContent = '';
    var first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - 5);
    var last = Math.min(total, first + Math.ceil((viewport.clientHeight || 480) / ROW) + 10);
    for (var index = first; index < last; index++) {
      var item = rowAt(index);
      if (!item) { if (!all) load(Math.floor(index / PAGE)); continue; }
      var row = document.createElement('div'); row.className = 'item-row status-' + item.status; row.style.top = (index * ROW) + 'px';
      cell(row, index + 1); cell(row, item.id); cell(row, item.subject); cell(row, item.status); cell(row, item.extracted); cell(row, item.target);
      row.addEventListener('click', show.bind(null, item.n)); rows.appendChild(row);
    }
    count.textContent = total === of ? of + ' items' : total + ' of ' + of + ' items';
  }
  function refresh(){
    generation++; pages = {}; viewport.scrollTop = 0;
    if (all) {
      var needle = search.value.trim().toLowerCase();
      matches = all.filter(function(item){ return (!status.value || item.status === status.value) && (!subject.value || item.subject === subject.value) && (!needle || item.text.indexOf(needle) >= 0); });
      total = matches.length; of = all.length; draw();
    } else load(0);
  }
  search.addEventListener('input', function(){ clearTimeout(timer); timer = setTimeout(refresh, 150); });
  status.addEventListener('change', refresh); subject.addEventListener('change', refresh);
  viewport.addEventListener('scroll', draw);
  refresh();
})();
`;

/** The browser's styles, shared by the report and the viewer. */
export const ITEM_BROWSER_STYLE = `
.filters{display:flex;gap:12px;margin-bottom:8px;flex-wrap:wrap;align-items:center}
.filters input[type=search]{min-width:260px}
.item-head,.item-row{display:grid;grid-template-columns:64px minmax(0,2fr) minmax(0,1.6fr) 90px minmax(0,1fr) minmax(0,1fr);gap:8px;padding:0 6px}
.item-head{font-weight:600;border-bottom:2px solid #d0d7de;padding-bottom:4px}
.item-row span,.item-head span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#items{position:relative;height:480px;overflow-y:auto;border-bottom:1px solid #d0d7de}
#items-rows{position:absolute;top:0;left:0;right:0}
.item-row{position:absolute;left:0;right:0;height:26px;line-height:26px;border-bottom:1px solid #eaeef2;cursor:pointer}
.item-row:hover{background:#f6f8fa}
.status-correct{color:#1a7f37}.status-incorrect{color:#cf222e}.status-no-answer{color:#9a6700}.status-error{color:#8250df}
`;

/** The browser's markup; `api` names the viewer's endpoints (items page by page, one item), absent in a report file. */
export function itemBrowserMarkup(api?: { list: string; item: string }): string {
  const data = api ? ` data-api="${escapeHtml(api.list)}" data-item="${escapeHtml(api.item)}"` : "";
  return `<div id="item-browser"${data}>
<div class="filters"><label>search <input type="search" id="item-search" placeholder="id, subject, answer, reply text…"></label>
<label>status <select id="filter-status"><option value="">all</option><option>correct</option><option>incorrect</option><option>no-answer</option><option>error</option></select></label>
<label>subject <select id="filter-subject"><option value="">all</option></select></label><span id="item-count"></span></div>
<div class="item-head"><span>#</span><span>item</span><span>subject</span><span>status</span><span>answer</span><span>target</span></div>
<div id="items"><div id="items-spacer"></div><div id="items-rows"></div></div><div id="item-detail"></div></div>`;
}
