// glidepath runbook: ticks and sign-offs kept in this browser's localStorage.
// Ticks are keyed by migration and spec digest, so a changed spec starts with no ticks.
// Sign-offs record the digest of the generated files they approved; when the files change,
// earlier sign-offs stay visible but are marked as no longer applying.
(function () {
  'use strict';

  var body = document.body;
  var migration = body.getAttribute('data-migration');
  var specDigest = body.getAttribute('data-spec-digest');
  var artifactsDigest = body.getAttribute('data-artifacts-digest');
  document.documentElement.classList.remove('no-js');
  document.documentElement.classList.add('js');
  if (!migration || !specDigest || !artifactsDigest) {
    return;
  }

  var prefix = 'glidepath:' + migration + ':';
  var ticksKey = prefix + 'ticks:' + specDigest;
  var signoffsKey = prefix + 'signoffs';
  var operatorKey = 'glidepath:operator';

  function read(key, fallback) {
    try {
      var text = window.localStorage.getItem(key);
      return text ? JSON.parse(text) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  function now() {
    return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }

  function operator() {
    var field = document.getElementById('operator-name');
    return field && field.value.trim() ? field.value.trim() : '';
  }

  // Operator name, shared by every runbook in this browser.
  var operatorField = document.getElementById('operator-name');
  if (operatorField) {
    operatorField.value = read(operatorKey, '');
    operatorField.addEventListener('change', function () {
      write(operatorKey, operatorField.value.trim());
    });
  }

  // Ticks.
  var ticks = read(ticksKey, {});
  function showTick(id) {
    var note = document.querySelector('[data-ticked-for="' + id + '"]');
    if (!note) {
      return;
    }
    var tick = ticks[id];
    note.textContent = tick ? 'ticked ' + tick.when + (tick.who ? ' by ' + tick.who : '') : '';
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[data-check]'), function (box) {
    var id = box.getAttribute('data-check');
    box.checked = Boolean(ticks[id]);
    showTick(id);
    box.addEventListener('change', function () {
      if (box.checked) {
        ticks[id] = { when: now(), who: operator() };
      } else {
        delete ticks[id];
      }
      write(ticksKey, ticks);
      showTick(id);
    });
  });

  // Ticks saved for an earlier version of the spec are not carried over; say so.
  var staleTicks = 0;
  for (var index = 0; index < window.localStorage.length; index += 1) {
    var key = window.localStorage.key(index);
    if (key && key.indexOf(prefix + 'ticks:') === 0 && key !== ticksKey) {
      staleTicks += Object.keys(read(key, {})).length;
    }
  }
  var notice = document.getElementById('stale-notice');
  if (notice && staleTicks > 0) {
    notice.textContent = staleTicks + ' tick(s) recorded for an earlier version of this spec do not carry over: the spec changed since.';
    notice.hidden = false;
  }

  // Sign-offs.
  var signoffs = read(signoffsKey, {});
  function showSignoffs(block) {
    var id = block.getAttribute('data-signoff');
    var list = block.querySelector('.signoff-records');
    if (!list) {
      return;
    }
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    (signoffs[id] || []).forEach(function (record) {
      var item = document.createElement('li');
      var current = record.digest === artifactsDigest;
      item.className = current ? 'current' : 'stale';
      item.textContent = 'signed by ' + record.name + ' at ' + record.when + ' for files ' + record.digest.slice(0, 12);
      if (!current) {
        var why = document.createElement('span');
        why.className = 'stale-why';
        why.textContent = 'no longer applies: the generated files changed';
        item.appendChild(why);
      }
      list.appendChild(item);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('.signoff'), function (block) {
    showSignoffs(block);
    var button = block.querySelector('.signoff-sign');
    var field = block.querySelector('.signoff-name');
    if (!button || !field) {
      return;
    }
    if (!field.value) {
      field.value = operator();
    }
    button.addEventListener('click', function () {
      var name = field.value.trim();
      if (!name) {
        field.focus();
        return;
      }
      var id = block.getAttribute('data-signoff');
      signoffs[id] = (signoffs[id] || []).concat([{ name: name, when: now(), digest: artifactsDigest }]);
      write(signoffsKey, signoffs);
      showSignoffs(block);
    });
  });

  // The ticks and sign-offs of this browser as plain text, for the change ticket.
  function labelFor(id) {
    var label = document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/\s+/g, ' ').trim() : id;
  }
  function exportText() {
    var lines = ['glidepath runbook ' + migration, 'spec digest ' + specDigest, 'files digest ' + artifactsDigest,
      'exported ' + now() + (operator() ? ' by ' + operator() : ''), '', 'Ticked:'];
    var ticked = Object.keys(ticks);
    if (ticked.length === 0) {
      lines.push('  (nothing)');
    }
    Array.prototype.forEach.call(document.querySelectorAll('input[data-check]'), function (box) {
      var id = box.getAttribute('data-check');
      var tick = ticks[id];
      if (tick) {
        lines.push('  [x] ' + labelFor(id) + ' (' + tick.when + (tick.who ? ', ' + tick.who : '') + ')');
      }
    });
    lines.push('', 'Sign-offs:');
    var any = false;
    Array.prototype.forEach.call(document.querySelectorAll('.signoff'), function (block) {
      var id = block.getAttribute('data-signoff');
      (signoffs[id] || []).forEach(function (record) {
        any = true;
        lines.push('  ' + id + ': ' + record.name + ' at ' + record.when + ' for files ' + record.digest.slice(0, 12) +
          (record.digest === artifactsDigest ? '' : ' (no longer applies: the files changed)'));
      });
    });
    if (!any) {
      lines.push('  (none in this browser)');
    }
    return lines.join('\n') + '\n';
  }
  var exportButton = document.getElementById('export-ticks');
  var exportField = document.getElementById('export-text');
  if (exportButton && exportField) {
    exportButton.addEventListener('click', function () {
      exportField.value = exportText();
      exportField.parentNode.hidden = false;
      exportField.focus();
      exportField.select();
    });
  }

  // Copy buttons next to commands and queries.
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    button.addEventListener('click', function () {
      var code = button.parentNode.querySelector('code');
      if (!code) {
        return;
      }
      var text = code.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = 'Copied';
        }, function () {
          button.textContent = 'Select and copy';
        });
      } else {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'Selected';
      }
    });
  });

  // Printing shows every collapsed part.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (details) {
      details.open = true;
    });
  });
}());
