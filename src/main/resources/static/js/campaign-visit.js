// The visit page: pick a building and a household, record the outcome and the form's answers.
// Everything entered goes into a queue in localStorage first and is sent from there, in order, whenever
// the network is up, up to 50 visits a request through the batch endpoint: a dropped connection loses
// nothing, and the visit's own id (made here) makes a resend count once on the server. Photos are shrunk
// here and kept in the queue until sent (each before its visit).
(function () {
  'use strict';
  var app = document.getElementById('visit-app');
  if (!app) {
    return;
  }
  var api = app.getAttribute('data-api');
  var KEY = 'gridwork.campaign.' + app.getAttribute('data-campaign') + '.queue';
  var LIST = 'gridwork.campaign.' + app.getAttribute('data-campaign') + '.building.';
  var form = document.getElementById('visit-form');
  var households = document.getElementById('households');
  var status = document.getElementById('sync-status');
  var rejectedList = document.getElementById('rejected');
  var current = null;
  var flushing = false;
  var BATCH = 50;

  function msg(name) {
    return app.getAttribute('data-msg-' + name) || name;
  }

  function csrfHeaders(h) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      h[header.content] = token.content;
    }
    return h;
  }

  function newId() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  function queue() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || [];
    } catch (e) {
      return [];
    }
  }

  function store(q) {
    localStorage.setItem(KEY, JSON.stringify(q));
    render();
  }

  // the sync line speaks only once a visit was saved on this page, or while visits wait or the phone is offline
  var savedHere = false;

  function render() {
    var n = queue().length;
    var text = n === 0 ? msg('synced') : msg('pending').replace('{0}', n);
    if (!navigator.onLine) {
      text = msg('offline') + ' ' + text;
    }
    var shown = savedHere || n > 0 || !navigator.onLine;
    status.hidden = !shown;
    status.textContent = shown ? text : '';
    status.setAttribute('data-pending', String(n));
    var pending = {};
    queue().forEach(function (v) { pending[v.householdId] = v.outcome; });
    households.querySelectorAll('button.hh').forEach(function (b) {
      var p = pending[b.getAttribute('data-id')];
      b.classList.toggle('queued', !!p);
      if (p) {
        b.setAttribute('data-outcome', p);
      }
    });
  }

  // ---- households of a building (kept for offline use) ----
  function showHouseholds(list) {
    households.innerHTML = '';
    var unit = null;
    var row = null;
    list.forEach(function (h) {
      if (h.unitNumber !== unit) {
        unit = h.unitNumber;
        var title = document.createElement('h3');
        title.textContent = unit + '单元';
        households.appendChild(title);
        row = document.createElement('div');
        row.className = 'hh-row';
        households.appendChild(row);
      }
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'hh';
      b.setAttribute('data-id', h.householdId);
      b.setAttribute('data-label', h.address);
      b.setAttribute('data-outcome', h.outcome || '');
      b.textContent = h.room + (h.hazards > 0 ? ' ⚠' : '');
      row.appendChild(b);
    });
    render();
  }

  document.getElementById('building').addEventListener('change', function (e) {
    var id = e.target.value;
    if (!id) {
      households.innerHTML = '';
      return;
    }
    fetch(api + '/buildings/' + id + '/households', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      })
      .then(function (list) {
        localStorage.setItem(LIST + id, JSON.stringify(list));
        showHouseholds(list);
      })
      .catch(function () {
        var kept = localStorage.getItem(LIST + id);
        if (kept) {
          showHouseholds(JSON.parse(kept));
        } else {
          households.textContent = msg('nolist');
        }
      });
  });

  document.addEventListener('click', function (e) {
    var b = e.target.closest('button.hh, button.hh-pick');
    if (!b) {
      return;
    }
    open(b.getAttribute('data-id'), b.getAttribute('data-label'));
  });

  function open(id, label) {
    current = { id: Number(id), label: label };
    form.reset();
    document.getElementById('visit-address').textContent = label;
    document.getElementById('visit-error').textContent = '';
    form.hidden = false;
    toggleAnswers();
    form.scrollIntoView();
  }

  function outcome() {
    var o = form.querySelector('input[name=outcome]:checked');
    return o ? o.value : null;
  }

  function toggleAnswers() {
    document.getElementById('answers').hidden = outcome() !== 'DONE';
  }
  form.addEventListener('change', function (e) {
    if (e.target.name === 'outcome') {
      toggleAnswers();
    }
  });
  document.getElementById('cancel-visit').addEventListener('click', function () {
    form.hidden = true;
    current = null;
  });

  // ---- collecting answers ----
  function shrink(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onerror = reject;
      reader.onload = function () {
        var img = new Image();
        img.onerror = function () { resolve(reader.result); };
        img.onload = function () {
          var side = 1600;
          var scale = Math.min(1, side / Math.max(img.width, img.height));
          var canvas = document.createElement('canvas');
          canvas.width = Math.round(img.width * scale);
          canvas.height = Math.round(img.height * scale);
          canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
          resolve(canvas.toDataURL('image/jpeg', 0.85));
        };
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  function collect() {
    var answers = {};
    var photos = [];
    var missing = null;
    var waits = [];
    form.querySelectorAll('fieldset.field').forEach(function (f) {
      var key = f.getAttribute('data-key');
      var type = f.getAttribute('data-type');
      var name = 'f_' + key;
      var value = null;
      if (type === 'YES_NO') {
        var c = f.querySelector('input[name="' + name + '"]:checked');
        value = c ? c.value === 'true' : null;
      } else if (type === 'SINGLE') {
        var s = f.querySelector('input[name="' + name + '"]:checked');
        value = s ? s.value : null;
      } else if (type === 'MULTI') {
        value = Array.prototype.map.call(f.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
        if (!value.length) {
          value = null;
        }
      } else if (type === 'NUMBER') {
        var n = f.querySelector('input').value;
        value = n === '' ? null : Number(n);
      } else if (type === 'PHOTO') {
        var files = f.querySelector('input').files;
        Array.prototype.forEach.call(files, function (file) {
          waits.push(shrink(file).then(function (data) {
            photos.push({ field: key, clientId: newId(), data: data });
          }));
        });
        value = files.length ? [] : null;
      } else {
        var t = f.querySelector('input, textarea').value.trim();
        value = t === '' ? null : t;
      }
      if (value === null) {
        if (f.getAttribute('data-required') === 'true' && !missing) {
          missing = f.getAttribute('data-label');
        }
      } else if (type !== 'PHOTO') {
        answers[key] = value;
      }
    });
    return Promise.all(waits).then(function () {
      return { answers: answers, photos: photos, missing: missing };
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!current) {
      return;
    }
    var o = outcome();
    var error = document.getElementById('visit-error');
    if (!o) {
      error.textContent = msg('choose');
      return;
    }
    var visit = {
      clientId: newId(),
      householdId: current.id,
      outcome: o,
      note: form.elements.note.value.trim() || null,
      visitedAt: new Date().toISOString(),
      label: current.label
    };
    var ready = o === 'DONE' ? collect() : Promise.resolve({ answers: null, photos: [], missing: null });
    ready.then(function (c) {
      if (c.missing) {
        error.textContent = msg('required').replace('{0}', c.missing);
        return;
      }
      visit.answers = c.answers;
      visit.photos = c.photos;
      var q = queue();
      q.push(visit);
      savedHere = true;
      store(q);
      var button = households.querySelector('button.hh[data-id="' + visit.householdId + '"]');
      if (button) {
        button.setAttribute('data-outcome', o);
      }
      form.hidden = true;
      current = null;
      flush();
    });
  });

  // ---- sending the queue ----
  function dataToBlob(data) {
    var parts = data.split(',');
    var bytes = atob(parts[1]);
    var arr = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) {
      arr[i] = bytes.charCodeAt(i);
    }
    return new Blob([arr], { type: 'image/jpeg' });
  }

  function reject(item, problem) {
    var li = document.createElement('li');
    li.textContent = msg('rejected') + ' ' + item.label + ': ' + (problem && (problem.detail || problem.code) || '');
    rejectedList.appendChild(li);
  }

  // Sends the first item's next photo, or the leading visits (up to BATCH) in one batch; resolves true when
  // something left the queue (sent or refused), false to stop for now.
  function sendFirst() {
    var q = queue();
    if (!q.length) {
      return Promise.resolve(false);
    }
    var item = q[0];
    var photo = (item.photos || []).find(function (p) { return !p.id; });
    if (photo) {
      var body = new FormData();
      body.append('file', dataToBlob(photo.data), 'photo.jpg');
      body.append('clientId', photo.clientId);
      return fetch(api + '/photos', { method: 'POST', body: body, headers: csrfHeaders({ Accept: 'application/json' }),
        credentials: 'same-origin' }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (json) {
          var q2 = queue();
          if (r.ok) {
            var it = q2[0];
            it.photos.forEach(function (p) {
              if (p.clientId === photo.clientId) {
                p.id = json.id;
                delete p.data;
              }
            });
            store(q2);
            return true;
          }
          if (r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 408 && r.status !== 429) {
            reject(item, json);
            q2.shift();
            store(q2);
            return true;
          }
          return false;
        });
      });
    }
    // the leading visits whose photos are all sent go together, in one batch
    var batch = [];
    for (var i = 0; i < q.length && batch.length < BATCH; i++) {
      if ((q[i].photos || []).some(function (p) { return !p.id; })) {
        break;
      }
      batch.push(q[i]);
    }
    return fetch(api + '/visits/batch', { method: 'POST', body: JSON.stringify({ visits: batch.map(payloadOf) }),
      credentials: 'same-origin', headers: csrfHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        var gone = {};
        if (r.ok && json.results) {
          // each visit has its own answer: created or found again leave the queue, and so does a refused one
          // (shown in the list of refused visits), which the server did not write
          json.results.forEach(function (res, k) {
            var it = batch[typeof res.index === 'number' ? res.index : k];
            if (!it) {
              return;
            }
            gone[it.clientId] = true;
            if (res.status === 'REFUSED') {
              reject(it, res.problem);
            }
          });
        } else if (r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 408 && r.status !== 429) {
          batch.forEach(function (it) {
            gone[it.clientId] = true;
            reject(it, json);
          });
        } else {
          return false;
        }
        store(queue().filter(function (v) { return !gone[v.clientId]; }));
        return true;
      });
    });
  }

  function payloadOf(item) {
    var answers = item.answers;
    if (answers && item.photos && item.photos.length) {
      item.photos.forEach(function (p) {
        answers[p.field] = (answers[p.field] || []).concat([p.id]);
      });
    }
    return { clientId: item.clientId, householdId: item.householdId, outcome: item.outcome, answers: answers,
      note: item.note, visitedAt: item.visitedAt };
  }

  function flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    var step = function () {
      return sendFirst().then(function (more) {
        return more ? step() : null;
      });
    };
    step().catch(function () { /* offline: try again later */ }).then(function () {
      flushing = false;
      render();
    });
  }

  window.addEventListener('online', flush);
  window.addEventListener('offline', render);
  setInterval(flush, 4000);
  render();
  flush();
})();
