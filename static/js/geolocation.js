// "Gunakan lokasi saya": fill latitude and longitude from the phone's location.
// The button stays hidden where the browser cannot do it (and without JavaScript).
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("[data-geolocate]").forEach(function (button) {
    var form = button.form;
    var status = button.parentElement.querySelector("[data-geolocate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.waiting;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.latitude.value = position.coords.latitude.toFixed(6);
          form.elements.longitude.value = position.coords.longitude.toFixed(6);
          status.textContent = button.dataset.done;
          button.disabled = false;
        },
        function () {
          status.textContent = button.dataset.failed;
          button.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
  });
})();
