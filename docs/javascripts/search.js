/* PERF archive: search with Pagefind's index (pagefind/ in the built site).

   Two places use it: the header's search box, which lists the best hits as you type, and the
   search page (search/), with filters, counts, order, and the search kept in its address.
   Every value from the index is shown as text; only Pagefind's <mark> around matched words is
   kept. Nothing is fetched from another host. The index is loaded on first use only. */
(function () {
  "use strict";

  var MAX_QUERY = 200;
  var MAX_VALUE = 2000;
  var PAGE_SIZE = 10;
  var BOX_RESULTS = 5;
  var FILTERS = [
    ["speaker", "Speaker"],
    ["agency", "Agency"],
    ["topic", "Topic"],
    ["meeting", "Meeting"],
    ["year", "Year"],
    ["issue", "Newsletter issue"]
  ];
  var SORTS = { oldest: { date: "asc" }, newest: { date: "desc" } };
  var FILTER_SHOWN = 8;

  var script = document.currentScript;
  var bundle = new URL("../pagefind/pagefind.js", script.src).href;
  var siteRoot = new URL("..", script.src).pathname;
  var loading = null;

  var UNAVAILABLE = "Search is unavailable: the search index of this copy of the site is " +
    "missing or incomplete. Build the site again with build_site.py build.";
  /* Display fields count for little when they, not the words, hold the query. */
  var META_WEIGHTS = {
    title: 0.1, speaker: 0.1, role: 0.1, headline: 0.1, meeting: 0.1, date: 0.1, paragraphs: 0
  };
  var loadedVersion = null;

  function indexVersion() {
    return fetch(new URL("pagefind-entry.json", bundle).href, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(UNAVAILABLE); }
        return response.json();
      }).then(function (entry) {
        var language = entry && entry.languages && entry.languages.en;
        if (!language || !language.hash) { throw new Error(UNAVAILABLE); }
        return language.hash;
      });
  }

  /* Pagefind's search, loaded once per version of the index. Rejects with a reader-facing
     message. The version is part of the module's address, so a new index (after a build, or
     a rebuild in the preview) is loaded afresh instead of mixed with the old one. */
  function pagefind() {
    if (!loading) {
      loading = indexVersion().then(function (version) {
        loadedVersion = version;
        return import(bundle + "?v=" + encodeURIComponent(version));
      }).then(function (module) {
        return module.options({
          baseUrl: siteRoot,
          excerptLength: 40,
          ranking: { metaWeights: META_WEIGHTS }
        }).then(function () {
          return module.init();
        }).then(function () { return module; });
      }).catch(function () {
        loading = null;
        throw new Error(UNAVAILABLE);
      });
    }
    return loading;
  }

  /* Run ``ask`` with Pagefind; if it finds nothing because the index was replaced since this
     page loaded it, load the new index and ask again (once). */
  function withIndex(ask) {
    return pagefind().then(ask).then(function (answer) {
      if (answer && answer.results && answer.results.length) { return answer; }
      return indexVersion().then(function (version) {
        if (version === loadedVersion) { return answer; }
        loading = null;
        return pagefind().then(ask);
      }, function () { return answer; });
    }).catch(function () {
      throw new Error(UNAVAILABLE);
    });
  }

  function clean(query) {
    return (query || "").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Pagefind's excerpt is escaped text with <mark> around matches: parsed inertly, and
     rebuilt from its text and marks only, so no markup from the index reaches the page. */
  function excerpt(html) {
    var paragraph = element("p", "archive-result__excerpt");
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        paragraph.appendChild(element("mark", "", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  /* A record holds one remark; its hit links to the paragraph holding most of the matched
     words (``meta.paragraphs``: each paragraph's key and the number of its first word). */
  function paragraphUrl(data) {
    var meta = data.meta || {};
    if (!meta.paragraphs || !data.locations || !data.locations.length) { return data.url; }
    var starts = meta.paragraphs.split(",").map(function (item) {
      var parts = item.split(" ");
      return { key: parts[0], start: Number(parts[1]) };
    });
    var votes = {};
    var best = null;
    data.locations.forEach(function (location) {
      var key = null;
      starts.forEach(function (paragraph) {
        if (paragraph.start <= location) { key = paragraph.key; }
      });
      if (key === null) { return; }  /* in the heading: name, title, headline */
      votes[key] = (votes[key] || 0) + 1;
      if (best === null || votes[key] > votes[best]) { best = key; }
    });
    var parts = data.url.split("#");
    return best === null || parts.length !== 2 ? data.url : parts[0] + "#" + parts[1] + "--" + best;
  }

  function result(data, compact) {
    var meta = data.meta || {};
    var item = element("li", "archive-result");
    var link = element("a", "archive-result__link");
    link.href = paragraphUrl(data);
    link.appendChild(element("span", "archive-result__speaker", meta.speaker || meta.title || ""));
    if (meta.headline) {
      link.appendChild(document.createTextNode(": "));
      link.appendChild(element("span", "archive-result__headline", meta.headline));
    }
    item.appendChild(link);
    item.appendChild(element("p", "archive-result__role", meta.role || ""));
    if (!compact) {
      item.appendChild(
        element("p", "archive-result__meeting", [meta.meeting, meta.date].filter(Boolean).join(", "))
      );
    }
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function plural(count, one, many) {
    return count.toLocaleString("en-US") + " " + (count === 1 ? one : many);
  }

  /* ---- The header box: the best hits as you type; Enter opens the search page. ---- */

  function headerBox(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector(".archive-search-box__results");
    var announcer = form.querySelector("[data-archive-search-box-status]");
    var timer = null;
    var asked = 0;

    function close() {
      panel.hidden = true;
      panel.textContent = "";
    }

    function show(message, nodes) {
      panel.textContent = "";
      panel.appendChild(element("p", "archive-search-box__status", message));
      nodes.forEach(function (node) { panel.appendChild(node); });
      panel.hidden = false;
      announcer.textContent = message;
    }

    function run() {
      var query = clean(input.value);
      var number = ++asked;
      if (!query) { close(); return; }
      withIndex(function (module) {
        return module.search(query);
      }).then(function (found) {
        if (number !== asked) { return null; }
        return Promise.all(found.results.slice(0, BOX_RESULTS).map(function (hit) {
          return hit.data();
        })).then(function (hits) {
          if (number !== asked) { return; }
          var list = element("ol", "archive-search-box__list");
          hits.forEach(function (data) { list.appendChild(result(data, true)); });
          var all = element("a", "archive-search-box__all", "See all results, with filters");
          all.href = form.action + "?q=" + encodeURIComponent(query);
          show(found.results.length
            ? plural(found.results.length, "result", "results") + " for “" + query + "”"
            : "No results for “" + query + "”", [list, all]);
        });
      }).catch(function (error) {
        if (number === asked) { show(error.message, []); }
      });
    }

    input.addEventListener("focus", function () { pagefind().catch(function () {}); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
        input.focus();
      } else if (event.key === "ArrowDown" && links.length && !panel.hidden) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : links[at - 1]).focus();
      }
    });
    form.addEventListener("submit", function () {
      input.value = clean(input.value);
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); }
    });
    /* A hit on the page already open only moves to its paragraph: close the list then too. */
    panel.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) { close(); }
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) { close(); }
    });
    /* Material's shortcuts for its search: /, s or f start typing a search. */
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        if (input.offsetParent === null) {
          window.location.href = form.action;
          return;
        }
        event.preventDefault();
        input.focus();
      }
    });
  }

  /* ---- The search page: query, filters with counts, order; the address holds it all. ---- */

  function searchPage(form) {
    var input = form.querySelector("input[name=q]");
    var sort = form.querySelector("select[name=sort]");
    var filterBox = form.querySelector("[data-archive-filters]");
    var status = document.querySelector("[data-archive-status]");
    var list = document.querySelector("[data-archive-results]");
    var more = document.querySelector("[data-archive-more]");
    var expanded = {};
    var shown = 0;
    var current = null;
    var asked = 0;
    var timer = null;
    var everyFilter = null;

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      var chosen = {};
      FILTERS.forEach(function (filter) {
        var values = params.getAll(filter[0]).filter(Boolean).map(function (value) {
          return value.slice(0, MAX_VALUE);
        }).filter(function (value, index, all) { return all.indexOf(value) === index; });
        if (values.length) { chosen[filter[0]] = values; }
      });
      var order = params.get("sort");
      return {
        query: clean(params.get("q")),
        sort: Object.prototype.hasOwnProperty.call(SORTS, order) ? order : "",
        chosen: chosen
      };
    }

    function state() {
      var chosen = {};
      filterBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        (chosen[box.name] = chosen[box.name] || []).push(box.value);
      });
      return { query: clean(input.value), sort: sort.value, chosen: chosen };
    }

    function writeAddress(wanted) {
      var params = new URLSearchParams();
      if (wanted.query) { params.set("q", wanted.query); }
      FILTERS.forEach(function (filter) {
        (wanted.chosen[filter[0]] || []).forEach(function (value) { params.append(filter[0], value); });
      });
      if (wanted.sort) { params.set("sort", wanted.sort); }
      var search = params.toString();
      var address = window.location.pathname + (search ? "?" + search : "");
      if (address !== window.location.pathname + window.location.search) {
        window.history.replaceState(null, "", address);
      }
    }

    function describe(wanted, count) {
      var parts = [];
      if (wanted.query) { parts.push("for “" + wanted.query + "”"); }
      FILTERS.forEach(function (filter) {
        var values = wanted.chosen[filter[0]];
        if (values) { parts.push("with " + filter[1].toLowerCase() + " " + values.join(" or ")); }
      });
      var order = wanted.sort ? ", " + (wanted.sort === "oldest" ? "oldest" : "newest") + " first" : "";
      var head = count ? plural(count, "result", "results") : "No results";
      return head + " " + parts.join(", ") + order + ".";
    }

    function renderFilters(counts, wanted) {
      var focused = document.activeElement;
      var refocus = filterBox.contains(focused) && focused.name ? focused.name + "\n" + focused.value : null;
      filterBox.textContent = "";
      FILTERS.forEach(function (filter) {
        var name = filter[0];
        var chosen = wanted.chosen[name] || [];
        var values = Object.keys(counts[name] || {});
        chosen.forEach(function (value) {
          if (values.indexOf(value) < 0) { values.push(value); }
        });
        values = values.filter(function (value) {
          return (counts[name] || {})[value] > 0 || chosen.indexOf(value) >= 0;
        });
        if (!values.length) { return; }
        values.sort(function (a, b) {
          var byCount = ((counts[name] || {})[b] || 0) - ((counts[name] || {})[a] || 0);
          return name === "year" ? (a < b ? 1 : -1) : byCount || a.localeCompare(b);
        });
        var group = element("fieldset", "archive-filter");
        var legend = element("legend", "archive-filter__legend", filter[1]);
        group.appendChild(legend);
        var limit = expanded[name] ? values.length : FILTER_SHOWN;
        values.slice(0, limit).forEach(function (value, index) {
          var id = "archive-filter-" + name + "-" + index;
          var row = element("div", "archive-filter__value");
          var box = element("input");
          box.type = "checkbox";
          box.name = name;
          box.value = value;
          box.id = id;
          box.checked = chosen.indexOf(value) >= 0;
          var label = element("label");
          label.appendChild(element("bdi", "", value));
          label.htmlFor = id;
          label.appendChild(element("span", "archive-filter__count",
            " (" + (((counts[name] || {})[value]) || 0).toLocaleString("en-US") + ")"));
          row.appendChild(box);
          row.appendChild(label);
          group.appendChild(row);
        });
        if (values.length > FILTER_SHOWN) {
          var toggle = element("button", "archive-filter__toggle",
            expanded[name] ? "Show fewer" : "Show all " + values.length);
          toggle.type = "button";
          toggle.setAttribute("data-filter", name);
          toggle.setAttribute("aria-expanded", expanded[name] ? "true" : "false");
          toggle.addEventListener("click", function () {
            expanded[name] = !expanded[name];
            renderFilters(counts, state());
            var again = filterBox.querySelector(".archive-filter__toggle[data-filter='" + name + "']");
            if (again) { again.focus(); }
          });
          group.appendChild(toggle);
        }
        filterBox.appendChild(group);
      });
      /* A keyboard user who ticks a box stays on it, though the lists are drawn anew. */
      if (refocus) {
        Array.prototype.forEach.call(filterBox.querySelectorAll("input"), function (box) {
          if (box.name + "\n" + box.value === refocus) { box.focus(); }
        });
      }
    }

    function showMore() {
      if (!current) { return Promise.resolve(); }
      var number = asked;
      var next = current.results.slice(shown, shown + PAGE_SIZE);
      shown += next.length;
      more.hidden = shown >= current.results.length;
      return Promise.all(next.map(function (hit) { return hit.data(); })).then(function (hits) {
        if (number !== asked) { return; }
        hits.forEach(function (data) { list.appendChild(result(data, false)); });
      });
    }

    function filtersFor(chosen) {
      var filters = {};
      Object.keys(chosen).forEach(function (name) { filters[name] = { any: chosen[name] }; });
      return filters;
    }

    /* The counts beside each filter's values: for a filter with values ticked, the counts
       without that filter (so a second value of it can be added: "A or B"); for the others,
       the counts within the results. Pagefind loads a filter's values only when a search uses
       it, so every filter is loaded once first. */
    function countFacets(module, wanted, options, number) {
      everyFilter = everyFilter || module.filters();
      var counts = {};
      return everyFilter.then(function () {
        return module.search(wanted.query || null, options);
      }).then(function (found) {
        counts = Object.assign({}, found.filters);
        return Promise.all(Object.keys(wanted.chosen).map(function (name) {
          var others = Object.assign({}, wanted.chosen);
          delete others[name];
          return module.search(wanted.query || null, { filters: filtersFor(others) })
            .then(function (wider) { counts[name] = wider.filters[name] || {}; });
        }));
      }).then(function () {
        if (number === asked) { renderFilters(counts, wanted); }
      });
    }

    function run(wanted) {
      var number = ++asked;
      writeAddress(wanted);
      var options = { filters: filtersFor(wanted.chosen) };
      if (wanted.sort) { options.sort = SORTS[wanted.sort]; }
      var anything = wanted.query || Object.keys(wanted.chosen).length;
      var used = null;
      if (!anything) {
        return pagefind().then(function (module) {
          everyFilter = everyFilter || module.filters();
          return everyFilter;
        }).then(function (counts) {
          if (number !== asked) { return; }
          current = null;
          list.textContent = "";
          more.hidden = true;
          renderFilters(counts, wanted);
          status.textContent = "Type the words to find, or choose a speaker, agency, topic, " +
            "meeting or year.";
        }).catch(function (error) {
          if (number === asked) { status.textContent = error.message; }
        });
      }
      return withIndex(function (module) {
        used = module;
        return module.search(wanted.query || null, options);
      }).then(function (found) {
        if (number !== asked) { return; }
        current = found;
        shown = 0;
        list.textContent = "";
        renderFilters(found.filters, wanted);
        countFacets(used, wanted, options, number);
        return showMore().then(function () {
          if (number !== asked) { return; }
          status.textContent = found.results.length ? describe(wanted, found.results.length)
            : describe(wanted, 0) + " Try fewer words, or fewer filters.";
        });
      }).catch(function (error) {
        if (number === asked) { status.textContent = error.message; }
      });
    }

    function restore() {
      var wanted = readAddress();
      input.value = wanted.query;
      sort.value = wanted.sort;
      return run(wanted);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(state());
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(state()); }, 200);
    });
    form.addEventListener("change", function (event) {
      if (event.target !== input) { run(state()); }
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) { link.focus(); }
      });
    });
    window.addEventListener("popstate", restore);
    restore();
    if (!input.value) { input.focus(); }
  }

  document.querySelectorAll("[data-archive-search-box]").forEach(headerBox);
  document.querySelectorAll("[data-archive-search-page]").forEach(searchPage);
})();
