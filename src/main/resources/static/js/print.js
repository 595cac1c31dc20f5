// The print view's button (no inline handlers: the content security policy forbids them).
document.addEventListener('click', function (e) {
  if (e.target.closest('[data-print]')) {
    window.print();
  }
});
