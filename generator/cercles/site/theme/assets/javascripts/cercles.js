/* Cercles: agenda filter and "copy the feed address" buttons. First-party, no dependency.
   Without JavaScript the whole agenda stays visible and the address can be selected by hand. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var selects = form.querySelectorAll("select[data-filtre]");
    var items = document.querySelectorAll(".cercles-agenda__item");
    var months = document.querySelectorAll(".cercles-agenda__mois");
    var count = form.querySelector(".cercles-filtre__compte");

    function apply() {
      var wanted = {};
      selects.forEach(function (select) { wanted[select.dataset.filtre] = select.value; });
      var shown = 0;
      items.forEach(function (item) {
        var visible = (!wanted.cercle || item.dataset.cercle === wanted.cercle) &&
                      (!wanted.type || item.dataset.type === wanted.type);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      // Unfiltered, a month with nothing stays and says so; filtered, only months with a match are shown.
      var filtering = Object.keys(wanted).some(function (key) { return wanted[key]; });
      months.forEach(function (month) {
        month.hidden = filtering && !month.querySelector(".cercles-agenda__item:not([hidden])");
      });
      if (count) { count.textContent = shown + (shown > 1 ? " moments" : " moment"); }
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpCopy(button) {
    button.addEventListener("click", function () {
      var address = button.dataset.copier;
      var done = function () {
        button.textContent = "Lien copié";
        window.setTimeout(function () { button.textContent = "Copier le lien"; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(address).then(done);
      } else {
        var field = button.parentElement.querySelector("input");
        field.select();
        document.execCommand("copy");
        done();
      }
    });
  }

  // Material's search panel is a dialog without a name; screen readers announce it as "dialog".
  document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Recherche dans le site");
  });

  document.querySelectorAll("form.cercles-filtre").forEach(setUpFilter);
  document.querySelectorAll("button.cercles-copier").forEach(setUpCopy);
})();
