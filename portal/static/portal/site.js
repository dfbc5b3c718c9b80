/* 长辈版 (larger text, higher contrast) and 字号 (大/中/小): a class on <html>, remembered by cookie for a year.
   The server sends the same HTML to everyone, so pages stay cacheable; base.html applies the cookies before
   the first paint, this file wires the buttons. */
(function () {
  "use strict";
  var root = document.documentElement;
  var YEAR = 365 * 24 * 3600;

  function remember(name, value) {
    document.cookie = name + "=" + value + ";path=/;max-age=" + (value ? YEAR : 0) + ";samesite=lax";
  }

  function fontSize() {
    return root.classList.contains("font-large") ? "large" : root.classList.contains("font-small") ? "small" : "medium";
  }

  function refresh() {
    var elder = root.classList.contains("elder");
    document.querySelectorAll("[data-elder-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", elder ? "true" : "false");
      button.textContent = elder ? "退出长辈版" : "长辈版";
    });
    var size = fontSize();
    document.querySelectorAll("[data-font]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-font") === size ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    if (target.hasAttribute("data-elder-toggle")) {
      var on = root.classList.toggle("elder");
      remember("govsite_elder", on ? "1" : "");
    } else if (target.hasAttribute("data-font")) {
      var size = target.getAttribute("data-font");
      root.classList.remove("font-large", "font-small");
      if (size !== "medium") root.classList.add("font-" + size);
      remember("govsite_font", size === "medium" ? "" : size);
    } else if (target.hasAttribute("data-print")) {
      window.print();
    } else if (target.hasAttribute("data-copy-link")) {
      var url = target.getAttribute("data-copy-link");
      var done = function () { target.textContent = "链接已复制"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("请复制本页链接：", url); });
      } else {
        window.prompt("请复制本页链接：", url);
      }
    }
    refresh();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
  else refresh();
})();
