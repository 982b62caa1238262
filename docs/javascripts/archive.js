/* PERF archive: copy-link controls on remarks and paragraphs, copyable citations.
   No network requests; works offline. */
(function () {
  "use strict";

  function announce(message) {
    var status = document.getElementById("archive-status");
    if (!status) {
      status = document.createElement("div");
      status.id = "archive-status";
      status.className = "archive-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = message;
    status.classList.add("archive-status--visible");
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(function () {
      status.classList.remove("archive-status--visible");
    }, 2500);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Note: plain-http hosts have no clipboard API; fall back to a hidden text area.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(area);
      if (copied) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function addressOf(id) {
    return location.origin + location.pathname + "#" + id;
  }

  function addLinkButton(target, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.setAttribute("aria-label", label);
    button.title = label;
    // A small chain-link icon drawn inline (no icon font, no request).
    button.innerHTML =
      '<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">' +
      '<path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3.4-3.4a1 1 0 1 1 1.4 1.4L12 ' +
      '13.4a1 1 0 0 1-1.4 0zM7.8 19.1a4 4 0 0 1-2.9-6.8l2.1-2.1a1 1 0 1 1 1.4 1.4l-2.1 2.1a2 ' +
      '2 0 0 0 2.8 2.8l2.1-2.1a1 1 0 1 1 1.4 1.4l-2.1 2.1a4 4 0 0 1-2.7 1.2zm9.2-5.3a1 1 0 0 ' +
      '1-.7-1.7l2.1-2.1a2 2 0 0 0-2.8-2.8l-2.1 2.1a1 1 0 1 1-1.4-1.4l2.1-2.1a4 4 0 0 1 5.6 ' +
      '5.6l-2.1 2.1a1 1 0 0 1-.7.3z"/></svg>';
    button.addEventListener("click", function () {
      var address = addressOf(target.id);
      copyText(address).then(function () {
        announce("Link copied: " + address);
      }, function () {
        announce("Could not copy. The link is: " + address);
      });
    });
    target.appendChild(button);
  }

  function openPhoto(image) {
    var viewer = document.createElement("dialog");
    viewer.className = "photo-viewer";
    viewer.setAttribute("aria-label", image.alt);
    var large = document.createElement("img");
    large.src = image.currentSrc || image.src;
    large.alt = image.alt;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", function () { viewer.close(); });
    viewer.addEventListener("click", function (event) {
      if (event.target === viewer || event.target === large) { viewer.close(); }
    });
    viewer.addEventListener("close", function () {
      viewer.remove();
      image.focus();
    });
    viewer.appendChild(large);
    viewer.appendChild(close);
    document.body.appendChild(viewer);
    viewer.showModal();
    close.focus();
  }

  function markLinksForPrint() {
    // The print stylesheet shows each link's full address after it.
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var raw = link.getAttribute("href");
      if (raw && raw.charAt(0) !== "#" && !link.classList.contains("headerlink")) {
        link.setAttribute("data-print-href", link.href);
      }
    });
  }

  function setUp() {
    markLinksForPrint();
    document.querySelectorAll("img.photo").forEach(function (image) {
      image.tabIndex = 0;
      image.setAttribute("role", "button");
      image.title = "Click to enlarge";
      image.addEventListener("click", function () { openPhoto(image); });
      image.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          openPhoto(image);
        }
      });
    });
    document.querySelectorAll("article.remark > h2[id]").forEach(function (heading) {
      addLinkButton(heading, "Copy link to these remarks");
    });
    document.querySelectorAll("article.remark p.quote-paragraph[id]").forEach(function (paragraph) {
      addLinkButton(paragraph, "Copy link to this paragraph");
    });
    document.querySelectorAll(".citation").forEach(function (citation) {
      citation.querySelectorAll("a.cite-url").forEach(function (link) {
        link.textContent = link.href;
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-citation md-button";
      button.textContent = "Copy " + (citation.dataset.style || "citation");
      button.addEventListener("click", function () {
        copyText(citation.textContent.trim()).then(function () {
          announce(citation.dataset.style + " citation copied");
        }, function () {
          announce("Could not copy; select the citation text instead");
        });
      });
      citation.insertAdjacentElement("afterend", button);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
