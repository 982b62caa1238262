/* PERF archive: copy-link controls on remarks and paragraphs, copyable citations.
   No network requests; works offline. (In the live preview only, the page also reads the
   preview's list of problems; the published pages have no mark of the preview.) */
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

  // The live preview (`build_site.py serve`): the problems of the last save, over the page.
  function button(label, className, onClick) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.textContent = label;
    made.addEventListener("click", onClick);
    return made;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }  // text, never markup: messages quote staff's words
    return made;
  }

  function remembered(key, value) {
    // Note: a list hidden "for now" stays hidden on the next pages until the list changes.
    try {
      if (value === undefined) { return sessionStorage.getItem(key); }
      if (value === null) {
        sessionStorage.removeItem(key);
      } else {
        sessionStorage.setItem(key, value);
      }
    } catch (error) { /* storage refused: the list shows on every page */ }
    return null;
  }

  function showProblems(state) {
    var count = state.problems.length;
    var counted = count + (count === 1 ? " problem" : " problems");
    var key = "archive-preview-hidden";
    var signature = JSON.stringify(state);
    var panel = element("div", "preview-problems");
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "preview-problems-title");
    var title = element("h2", "preview-problems__title", state.stale
      ? "This page is not up to date: " + counted + " in the files"
      : counted + " in the files: the site cannot be published yet");
    title.id = "preview-problems-title";
    panel.appendChild(title);
    panel.appendChild(element("p", "preview-problems__note", state.stale
      ? "The page shows the last good version. Fix the files and save; this list clears " +
        "by itself once they are fixed."
      : "The page is up to date, but `python build_site.py build` will not publish the site " +
        "until these are fixed. This list clears by itself once they are fixed."));
    var list = element("ul", "preview-problems__list");
    state.problems.forEach(function (problem) {
      var item = element("li");
      if (problem.path) {
        var where = problem.line ? problem.path + ":" + problem.line : problem.path;
        item.appendChild(element("code", "preview-problems__where", where));
        item.appendChild(document.createTextNode(": "));
      }
      item.appendChild(document.createTextNode(
        (problem.warning ? "warning: " : "") + problem.message));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var reopen = button("Show the " + counted, "preview-problems__show", function () {
      remembered(key, null);
      reopen.hidden = true;
      panel.hidden = false;
      hide.focus();
    });
    var hide = button("Hide for now", "preview-problems__hide", function () {
      remembered(key, signature);
      panel.hidden = true;
      reopen.hidden = false;
      reopen.focus();
    });
    panel.appendChild(hide);
    panel.hidden = remembered(key) === signature;
    reopen.hidden = !panel.hidden;
    document.body.appendChild(panel);
    document.body.appendChild(reopen);
  }

  function checkPreview() {
    var mark = document.querySelector('meta[name="archive-preview"]');
    if (!mark) { return; }  // a published page
    fetch(new URL(mark.content, location.href), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.problems && state.problems.length) {
          showProblems(state);
        } else {
          remembered("archive-preview-hidden", null);
        }
      })
      .catch(function () { /* the preview has stopped: nothing to tell */ });
  }

  // "Cite this quote": the access date, the paragraph being cited, and the exports.
  var EXPORTS = [
    ["ris", "RIS", ".ris", "application/x-research-info-systems"],
    ["bibtex", "BibTeX", ".bib", "application/x-bibtex"],
    ["csl", "CSL-JSON", ".json", "application/vnd.citationstyles.csl+json"]
  ];

  function today() {
    return new Date().toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  }

  function accessedText(style) {
    return style === "APA" ? "Retrieved " + today() + ", from " : "Accessed " + today() + ". ";
  }

  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // The meeting's citation exports (data/cite/<meeting>.json), fetched once, when first wanted.
  function citeDataLink() {
    return document.querySelector('meta[name="archive-cite-data"]');
  }

  function citeData() {
    if (!citeData.loading) {
      citeData.loading = fetch(new URL(citeDataLink().content, location.href)).then(function (response) {
        if (!response.ok) { throw new Error("citation data: " + response.status); }
        return response.json();
      });
      citeData.loading.catch(function () { citeData.loading = null; });
    }
    return citeData.loading;
  }

  function setUpCitations(remark) {
    var heading = remark.querySelector("h2[id]");
    var box = remark.querySelector("details .citation");
    if (!heading || !box) { return; }
    var id = heading.id;
    var details = box.parentNode;
    var links = Array.prototype.slice.call(details.querySelectorAll("a.cite-url"));
    // The published address when the site's address is set; else this page's.
    var printed = links.length ? links[0].textContent.trim() : "";
    var base = /^https?:\/\//.test(printed) ? printed.split("#")[0] : location.origin + location.pathname;
    var target = id;
    var scope = document.createElement("p");
    scope.className = "cite-scope";
    details.insertBefore(scope, box);

    function address() { return base + "#" + target; }

    function show() {
      links.forEach(function (link) {
        link.href = "#" + target;
        link.textContent = address();
      });
      details.querySelectorAll(".cite-accessed").forEach(function (span) {
        span.textContent = accessedText(span.parentNode.dataset.style);
      });
      var paragraph = target === id ? null : document.getElementById(target);
      var number = paragraph ? target.split("--p").pop() : null;
      scope.textContent = paragraph
        ? "Citing paragraph " + number + " of these remarks (the one you chose). "
        : "Citing the whole remarks. Select or open a paragraph to cite it alone.";
      if (paragraph) {
        scope.appendChild(button("Cite the whole remarks", "cite-scope__whole md-button", function () {
          target = id;
          show();
        }));
      }
    }

    // ``paragraph`` null: the whole remarks.
    function choose(paragraph) {
      var wanted = paragraph && paragraph.id && remark.contains(paragraph) ? paragraph.id : id;
      if (wanted !== target) {
        target = wanted;
        show();
      }
    }

    // The exports name the remark's address; they are given the one being cited.
    function exported(data, key) {
      var text = key === "csl" ? JSON.stringify([data.csl], null, 2) + "\n" : data[key];
      return text.split(data.csl.URL).join(address());
    }

    box.parentNode.querySelectorAll(".citation").forEach(function (citation) {
      var copy = button("Copy " + (citation.dataset.style || "citation"), "copy-citation md-button",
        function () {
          show();  // the date of this copy
          copyText(citation.textContent.trim()).then(function () {
            announce(citation.dataset.style + " citation copied");
          }, function () {
            announce("Could not copy; select the citation text instead");
          });
        });
      citation.insertAdjacentElement("afterend", copy);
    });
    if (citeDataLink()) {
      var exports = document.createElement("p");
      exports.className = "cite-exports";
      exports.appendChild(document.createTextNode("For reference managers: "));
      EXPORTS.forEach(function (format) {
        exports.appendChild(button("Download " + format[1], "cite-export md-button", function () {
          citeData().then(function (all) {
            var data = all[id];
            if (!data || !data.csl) { throw new Error("no citation data for " + id); }
            download(target + format[2], format[3], exported(data, format[0]));
            announce(format[1] + " file downloaded: " + target + format[2]);
          }).catch(function () {
            announce("Could not load the citation data; see the Open data page for every citation");
          });
        }));
      });
      details.appendChild(exports);
      details.addEventListener("toggle", function () {
        if (details.open) { citeData().catch(function () {}); }
      });
    }
    remark.querySelectorAll("p.quote-paragraph[id]").forEach(function (paragraph) {
      paragraph.addEventListener("click", function () {
        if (!String(window.getSelection() || "")) { choose(paragraph); }
      });
    });
    remark.addEventListener("cite-paragraph", function (event) { choose(event.detail); });
    show();
    var arrived = hashTarget();
    if (arrived && remark.contains(arrived)) { choose(paragraphOf(arrived)); }
  }

  // The element the address's #part names (a former name's anchor too), or null; a malformed
  // address (a stray "%") names nothing.
  function hashTarget() {
    var name;
    try {
      name = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return null;
    }
    return name ? document.getElementById(name) : null;
  }

  // A paragraph arrived at (its address) or selected in: its remark cites it from then on.
  function paragraphOf(node) {
    var element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element ? element.closest("article.remark p.quote-paragraph[id]") : null;
  }

  // Tell the remark that holds ``node`` to cite the paragraph holding it (or, outside its
  // paragraphs, the whole remarks).
  function citeAt(node) {
    var element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    var remark = element ? element.closest("article.remark") : null;
    if (remark) {
      remark.dispatchEvent(new CustomEvent("cite-paragraph", { detail: paragraphOf(element) }));
    }
  }

  window.addEventListener("hashchange", function () { citeAt(hashTarget()); });
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var paragraph = selection && !selection.isCollapsed ? paragraphOf(selection.anchorNode) : null;
    if (paragraph) { citeAt(paragraph); }
  });

  function setUp() {
    checkPreview();
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
    document.querySelectorAll("article.remark").forEach(setUpCitations);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
