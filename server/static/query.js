// The query page: when YASGUI's script has loaded, it replaces the plain form (which stays
// for browsers without JavaScript or installations without node_modules).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("newskg-config").textContent);
  var form = document.getElementById("query-form");
  var holder = document.getElementById("yasgui");
  if (typeof window.Yasgui === "undefined" || !form || !holder) {
    return;
  }
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui;
  try {
    holder.hidden = false;
    yasgui = new window.Yasgui(holder, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: null,
      populateFromUrl: false,
      autofocus: false,
      yasqe: { value: config.initial, persistenceId: null,
               autocompleters: ["prefixes", "variables"] },
      yasr: { persistenceId: null, prefixes: config.prefixes }
    });
  } catch (err) {
    holder.hidden = true;
    if (window.console) { window.console.error("YASGUI failed, keeping the plain form", err); }
    return;
  }
  // Result tables link IRIs to themselves: newskg's own IRIs go to this server's pages.
  function localise(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (href.indexOf(config.ownIris) === 0) {
        a.setAttribute("href", config.ownPages + href.slice(config.ownIris.length));
        a.removeAttribute("target");
      }
    });
  }
  new MutationObserver(function () { localise(holder); })
    .observe(holder, { childList: true, subtree: true });
  form.hidden = true;
  document.body.classList.add("has-yasgui");
  window.newskgYasgui = yasgui;

  function open(name) {
    var example = config.examples[name];
    if (!example) { return; }
    var tab = yasgui.addTab(true, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
    tab.setQuery(example.query);
    tab.query();
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[data-example]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      open(link.getAttribute("data-example"));
      holder.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  var wanted = new URLSearchParams(window.location.search).get("example");
  if (wanted && config.examples[wanted]) {
    var first = yasgui.getTab();
    first.setName(config.examples[wanted].title);
    first.query();
  }
})();
