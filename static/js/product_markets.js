// Show "kecamatan tujuan" only for the kecamatan level, "kabupaten/kota tujuan" only for the
// provincial and national levels, and "negara" only for export.
// Without JavaScript every field stays visible and the server ignores what does not apply.
(function () {
  function update(row) {
    var level = row.querySelector("[data-field=level] select");
    if (!level) { return; }
    var kecamatan = row.querySelector("[data-field=kecamatan]");
    var country = row.querySelector("[data-field=country]");
    var region = row.querySelector("[data-field=region_code]");
    if (kecamatan) { kecamatan.hidden = level.value !== "kecamatan" && !kecamatan.querySelector(".is-invalid"); }
    if (country) { country.hidden = level.value !== "ekspor" && !country.querySelector(".is-invalid"); }
    if (region) {
      region.hidden = level.value !== "provinsi" && level.value !== "nasional" && !region.querySelector(".is-invalid");
    }
  }
  document.querySelectorAll("[data-market-row]").forEach(update);
  document.addEventListener("change", function (event) {
    var row = event.target.closest("[data-market-row]");
    if (row && event.target.closest("[data-field=level]")) { update(row); }
  });
  document.addEventListener("formset:added", function (event) { update(event.target); });
})();
