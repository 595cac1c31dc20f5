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
