/// The console's only script: the composer's live preview. Without it every page works the
/// same, through the Preview button.
enum ConsoleScript {
    static let source = """
        (function () {
          var form = document.querySelector('form[action="/admin/compose"]');
          if (!form || !window.fetch) return;
          var section = document.getElementById('preview'), frame = document.getElementById('preview-frame');
          var text = document.getElementById('preview-text'), subject = document.getElementById('preview-subject');
          var timer = null, asked = 0;
          function refresh() {
            var fields = new URLSearchParams(new FormData(form));
            fields.delete('action');
            var mine = ++asked;
            fetch('/admin/compose/preview', { method: 'POST', body: fields, credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
              .then(function (r) { return r.json(); })
              .then(function (p) {
                if (mine !== asked || p.problem) return;
                subject.textContent = 'Subject: ' + p.subject;
                frame.srcdoc = p.html;
                text.textContent = p.text;
                section.hidden = false;
              })
              .catch(function () {});
          }
          form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(refresh, 500); });
        })();

        """
}
