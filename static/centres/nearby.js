/* 15分钟服务圈: an optional "use my location" button. Without JavaScript (or without permission)
   the page works the same with the community list; the position is sent only when the resident
   presses the button, as two numbers in the form, and is not stored. */
(function () {
  "use strict";
  var box = document.querySelector("[data-locate]");
  if (!box || !("geolocation" in navigator)) return;
  var form = box.closest("form");
  var button = box.querySelector("[data-locate-button]");
  var status = box.querySelector("[data-locate-status]");
  var lat = box.querySelector("input[name=lat]");
  var lng = box.querySelector("input[name=lng]");
  box.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "正在获取您的位置……";
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        lat.disabled = false;
        lng.disabled = false;
        form.querySelector("select[name=community]").value = "";
        status.textContent = "已获取位置，正在查找……";
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = "没能获取您的位置（可能没有允许定位）。请从上面的列表选择您的社区。";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
    );
  });
})();
