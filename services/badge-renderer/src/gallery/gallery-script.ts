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

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  // A deployment that named no release definition still has its badge (under ~unknown-definition).
  function definition(entry) {
    return entry.definition || (entry.kind === 'release' ? 'definition unknown' : '');
  }

  function where(entry) {
    return entry.environment || entry.stage || entry.branch || (entry.kind === 'build' ? 'latest' : '');
  }

  function render() {
    var query = filter.value.trim().toLowerCase();
    list.textContent = '';
    var shown = 0;
    entries.forEach(function (entry) {
      var haystack = [entry.kind, entry.project, definition(entry), entry.environment, entry.stage, entry.branch, entry.message]
        .join(' ').toLowerCase();
      if (query && haystack.indexOf(query) < 0) return;
      shown++;
      var item = element('li', 'badge');
      item.setAttribute('data-path', entry.path);
      var picture = element('div', 'picture');
      var img = document.createElement('img');
      img.src = relativeUrl(entry.path, '.svg');
      img.alt = entry.label + ': ' + entry.message;
      picture.appendChild(img);
      item.appendChild(picture);
      var facts = [entry.kind, entry.project, definition(entry), where(entry)].filter(Boolean).join(' · ');
      var updated = entry.updated ? ' · updated ' + new Date(entry.updated).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
      item.appendChild(element('div', 'facts', facts + updated));
      var markdown = element('div', 'snippet');
      markdown.appendChild(element('code', 'markdown', entry.markdown));
      var copy = element('button', null, 'Copy Markdown');
      copy.type = 'button';
      copy.addEventListener('click', function () {
        if (navigator.clipboard) navigator.clipboard.writeText(entry.markdown);
        copy.textContent = 'Copied';
      });
      markdown.appendChild(copy);
      var json = element('a', null, 'Shields JSON');
      json.href = relativeUrl(entry.path, '.json');
      markdown.appendChild(json);
      item.appendChild(markdown);
      list.appendChild(item);
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
