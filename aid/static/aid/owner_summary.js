// Fills the "Program bantuan" box on the business overview after the page has loaded, so
// that the overview itself costs no extra queries. Without JavaScript the link stays.
document.querySelectorAll("[data-aid-summary]").forEach(function (box) {
  fetch(box.dataset.aidSummary, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.text() : null; })
    .then(function (html) { if (html) { box.innerHTML = html; } })
    .catch(function () {});
});
