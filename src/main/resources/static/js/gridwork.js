// Send the CSRF token with every htmx request.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    e.detail.headers[header.content] = token.content;
  }
});

// The unmask form posts to the chosen person's URL.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (form.id === 'unmask-form') {
    form.action = form.action.replace(/people\/\d+\//, 'people/' + form.person.value + '/');
  }
});

// "Use my position" on the report form: fills the hidden lat/lon (there are no map tiles offline).
document.addEventListener('click', function (e) {
  var button = e.target.closest('[data-geolocate]');
  if (!button) {
    return;
  }
  var form = button.form;
  var out = document.getElementById(button.getAttribute('data-geolocate'));
  var where = form.querySelector('input[name=where][value=POSITION]');
  if (where) {
    where.checked = true;
  }
  if (!navigator.geolocation) {
    out.textContent = button.getAttribute('data-unsupported');
    return;
  }
  out.textContent = button.getAttribute('data-waiting');
  navigator.geolocation.getCurrentPosition(function (p) {
    form.elements.lat.value = p.coords.latitude.toFixed(6);
    form.elements.lon.value = p.coords.longitude.toFixed(6);
    out.textContent = form.elements.lat.value + ', ' + form.elements.lon.value + ' (±' + Math.round(p.coords.accuracy) + ' m)';
    form.elements.lat.dispatchEvent(new Event('change', { bubbles: true }));
  }, function () {
    out.textContent = button.getAttribute('data-failed');
  }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
});

// Forms marked data-once send once: a second tap while the first is on its way does nothing.
// (The one-time token makes a second submission land on the same demand anyway.)
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form.hasAttribute('data-once')) {
    return;
  }
  if (form.getAttribute('data-sent')) {
    e.preventDefault();
    return;
  }
  form.setAttribute('data-sent', '1');
});
window.addEventListener('pageshow', function () {
  document.querySelectorAll('form[data-sent]').forEach(function (f) { f.removeAttribute('data-sent'); });
});

// The grid tree: ＋ loads a node's children (htmx) and turns into －, which folds them away again without a request.
// (Capturing: the fold must run before htmx's own click handler on the button, and stop it.)
document.addEventListener('click', function (e) {
  var button = e.target.closest('.grid-node button.expand');
  if (!button || button.getAttribute('aria-expanded') !== 'true') {
    return;
  }
  e.preventDefault();
  e.stopPropagation();
  document.querySelector(button.getAttribute('hx-target')).innerHTML = '';
  button.setAttribute('aria-expanded', 'false');
  button.textContent = '＋';
}, true);
document.addEventListener('htmx:afterSwap', function (e) {
  var target = e.detail.target;
  if (!target || !target.id || target.id.indexOf('kids-') !== 0) {
    return;
  }
  var button = target.parentElement.querySelector('button.expand');
  if (button) {
    button.setAttribute('aria-expanded', 'true');
    button.textContent = '－';
  }
});

// The account picker's search box: Enter searches (htmx's "search" trigger) instead of sending the form around it.
document.addEventListener('keydown', function (e) {
  if (e.key === 'Enter' && e.target.id === 'pick-account-q') {
    e.preventDefault();
    e.target.dispatchEvent(new Event('search'));
  }
});
