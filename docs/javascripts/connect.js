// The Infobutton page: a portal sends a code (HL7 Infobutton parameters, or the
// short ?system=cpt&code=22852 form) and the reader is sent to its guide.
// One small static map of codes to guides is all it needs, so no server.
(function () {
  const OID_SYSTEMS = {
    "2.16.840.1.113883.6.12": "cpt",
    "2.16.840.1.113883.6.285": "hcpcs",
    "2.16.840.1.113883.6.4": "icd-10-pcs",
    "2.16.840.1.113883.6.96": "snomed-ct",
  };
  const NAMED_SYSTEMS = ["cpt", "hcpcs", "icd-10-pcs", "snomed-ct"];
  // Language codes portals send for Spanish (ISO 639-1, HL7's "sp", ISO 639-2).
  // Every guide has a page under /es/: the reviewed translation, or a note in
  // Spanish that leads to the English guide.
  const SPANISH = ["es", "sp", "spa"];

  function requested(params) {
    const code = (params.get("mainSearchCriteria.v.c") || params.get("code") || "").trim();
    const oid = (params.get("mainSearchCriteria.v.cs") || "").trim();
    const named = (params.get("system") || "").trim().toLowerCase();
    const system = OID_SYSTEMS[oid] || (NAMED_SYSTEMS.includes(named) ? named : "");
    const language = (params.get("informationRecipient.languageCode.c") || params.get("language") || "")
      .trim()
      .toLowerCase()
      .split("-")[0];
    return { system, code, spanish: SPANISH.includes(language) };
  }

  function show(id) {
    document.getElementById("connect-working").hidden = true;
    document.getElementById(id).hidden = false;
  }

  async function connect() {
    const { system, code, spanish } = requested(new URLSearchParams(window.location.search));
    if (!system || !/^[0-9A-Za-z.-]+$/.test(code)) {
      show("connect-not-found");
      return;
    }
    const map = new URL("../api/codes.json", window.location.href);
    try {
      const guides = (await (await fetch(map)).json()).codes[system] || {};
      const path = Object.hasOwn(guides, code) ? guides[code] : null;
      if (!path) {
        show("connect-not-found");
        return;
      }
      const page = spanish ? `es/${path}` : path;
      window.location.replace(new URL(page, new URL("../", map)).href + window.location.hash);
    } catch (error) {
      show("connect-not-found");
    }
  }

  connect();
})();
