// The Infobutton page: a portal sends a code (HL7 Infobutton parameters, or the
// short ?system=cpt&code=22852 form) and the reader is sent to its guide, or to
// the page that lets them choose where a code fits several guides. One small
// static map of codes is all it needs, so no server. Whatever the request holds
// is shown only as text, never as markup.
(function () {
  const OID_SYSTEMS = {
    "2.16.840.1.113883.6.12": "cpt",
    "2.16.840.1.113883.6.285": "hcpcs",
    "2.16.840.1.113883.6.4": "icd-10-pcs",
    "2.16.840.1.113883.6.96": "snomed-ct",
  };
  const NAMED_SYSTEMS = ["cpt", "hcpcs", "icd-10-pcs", "snomed-ct"];
  // Language codes portals send for Spanish (ISO 639-1, HL7's "sp", ISO 639-2).
  // Every guide and code has an address under /es/: the reviewed translation, or
  // a note in Spanish that leads to the English guide.
  const SPANISH = ["es", "sp", "spa"];
  const TEXTS = JSON.parse(document.getElementById("pg-connect-texts").textContent);
  const CODE_LOOKS_LIKE = /^[0-9A-Za-z.-]{1,20}$/;

  function requested(params) {
    const code = (params.get("mainSearchCriteria.v.c") || params.get("code") || "").trim();
    const oid = (params.get("mainSearchCriteria.v.cs") || "").trim();
    const named = (params.get("system") || "").trim().toLowerCase();
    const sentSystem = Boolean(oid || named);
    const system = OID_SYSTEMS[oid] || (NAMED_SYSTEMS.includes(named) ? named : "");
    const language = (params.get("informationRecipient.languageCode.c") || params.get("language") || "")
      .trim()
      .toLowerCase()
      .split("-")[0];
    return { system, sentSystem, code, language: SPANISH.includes(language) ? "es" : "en" };
  }

  function element(tag, attributes, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    made.append(...children);
    return made;
  }

  // A sentence whose {placeholder} becomes a link (or the code, as text).
  function sentence(text, fills) {
    const paragraph = element("p", {});
    for (const part of text.split(/(\{[a-z]+\})/)) {
      const fill = fills[part.slice(1, -1)];
      paragraph.append(part.startsWith("{") && fill !== undefined ? fill : part);
    }
    return paragraph;
  }

  function searchForm(t, root, query) {
    const input = element("input", {
      id: "connect-query", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
    });
    input.value = query;
    return element(
      "form", { class: "pg-find", role: "search", action: new URL("find/", root).href, method: "get" },
      element("label", { for: "connect-query" }, t.connect_search_label),
      input,
      element("button", { type: "submit" }, t.connect_search_button),
    );
  }

  function say(language, code, found) {
    const t = TEXTS[language] || TEXTS.en;
    const root = new URL("../", window.location.href);
    const message = document.getElementById("connect-message");
    message.setAttribute("lang", language);
    const heading = document.querySelector("article h1");
    if (heading && language !== "en") {
      heading.textContent = t.connect_title;
      heading.setAttribute("lang", language);
    }
    const codeList = element("a", { href: new URL("codes/", root).href, hreflang: "en" }, t.all_codes_link);
    if (found === "about") {
      message.id = "connect-about";
      message.append(
        element("p", {}, t.connect_about),
        element("p", {}, t.connect_about_find),
        searchForm(t, root, ""),
        element("p", {}, codeList),
        element("p", {}, element("a", { href: new URL("clinics/", root).href, hreflang: "en" }, t.connect_clinics_link)),
      );
    } else {
      message.id = "connect-not-found";
      const shown = element("strong", {}, code);
      message.append(
        code ? sentence(t.connect_not_found_code, { code: shown }) : element("p", {}, t.connect_not_found),
        element("p", {}, t.connect_not_found_more),
        searchForm(t, root, code),
        element("p", {}, codeList),
      );
    }
    document.getElementById("connect-working").hidden = true;
    message.hidden = false;
  }

  // Where the code leads: in the system sent, or, with none sent, in the one system that has it.
  function lookUp(codes, system, sentSystem, code) {
    if (sentSystem) return system && Object.hasOwn(codes[system] || {}, code) ? codes[system][code] : null;
    const places = Object.keys(codes).filter((name) => Object.hasOwn(codes[name], code));
    return places.length === 1 ? codes[places[0]][code] : null;
  }

  async function connect() {
    const params = new URLSearchParams(window.location.search);
    const { system, sentSystem, code, language } = requested(params);
    if (![...params.keys()].length) {
      say(language, "", "about");
      return;
    }
    const shownCode = code.slice(0, 40);
    if (!CODE_LOOKS_LIKE.test(code)) {
      say(language, shownCode, "not-found");
      return;
    }
    const map = new URL("../api/codes.json", window.location.href);
    try {
      const path = lookUp((await (await fetch(map)).json()).codes, system, sentSystem, code);
      if (!path) {
        say(language, shownCode, "not-found");
        return;
      }
      const page = language === "es" ? `es/${path}` : path;
      window.location.replace(new URL(page, new URL("../", map)).href + window.location.hash);
    } catch (error) {
      say(language, shownCode, "not-found");
    }
  }

  connect();
})();
