// Runs in the browser. It only ever sets textContent and attributes (never innerHTML), so names
// coming from Azure DevOps cannot inject markup into the page.
export const galleryScript = String.raw`
(function () {
  var list = document.getElementById('badges');
  var filter = document.getElementById('filter');
  var summary = document.getElementById('summary');
  var entries = [];

  function relativeUrl(path, ext) {
    return path.split('/').map(encodeURIComponent).join('/') + ext;
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  function render() {
    var query = filter.value.trim().toLowerCase();
    list.textContent = '';
    var shown = 0;
    entries.forEach(function (entry) {
      var haystack = [entry.kind, entry.project, entry.definition, entry.environment, entry.stage, entry.branch, entry.message]
        .join(' ').toLowerCase();
      if (query && haystack.indexOf(query) < 0) return;
      shown++;
      var row = document.createElement('tr');
      row.className = 'badge';
      row.setAttribute('data-path', entry.path);
      var imageCell = cell(row, '');
      var img = document.createElement('img');
      img.src = relativeUrl(entry.path, '.svg');
      img.alt = entry.label + ': ' + entry.message;
      imageCell.appendChild(img);
      cell(row, entry.kind);
      cell(row, entry.project);
      cell(row, entry.definition);
      cell(row, entry.environment || entry.stage || entry.branch || (entry.kind === 'build' ? 'latest' : ''));
      cell(row, entry.updated ? new Date(entry.updated).toISOString().replace('T', ' ').slice(0, 16) : '');
      var mdCell = cell(row, '');
      var code = document.createElement('code');
      code.className = 'markdown';
      code.textContent = entry.markdown;
      mdCell.appendChild(code);
      var copy = document.createElement('button');
      copy.type = 'button';
      copy.textContent = 'Copy';
      copy.addEventListener('click', function () {
        if (navigator.clipboard) navigator.clipboard.writeText(entry.markdown);
        copy.textContent = 'Copied';
      });
      mdCell.appendChild(copy);
      var json = document.createElement('a');
      json.href = relativeUrl(entry.path, '.json');
      json.textContent = 'Shields JSON';
      mdCell.appendChild(json);
      list.appendChild(row);
    });
    summary.textContent = shown + ' of ' + entries.length + ' badges';
  }

  filter.addEventListener('input', render);
  fetch('index.json', { cache: 'no-cache' })
    .then(function (response) {
      if (!response.ok) throw new Error('index.json answered ' + response.status);
      return response.json();
    })
    .then(function (index) {
      entries = index.badges || [];
      render();
      document.body.setAttribute('data-state', 'ready');
    })
    .catch(function (error) {
      summary.textContent = 'Could not load index.json: ' + error.message;
      document.body.setAttribute('data-state', 'error');
    });
})();
`;
