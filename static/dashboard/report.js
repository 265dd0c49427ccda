// The printable report: <button data-print> opens the browser's print dialogue (the strict
// Content-Security-Policy forbids an inline onclick).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
