// The Infobutton page: a portal sends a code (HL7 Infobutton parameters, or the
// short ?system=cpt&code=22852 form) and the reader is sent to its guide.
// The answer for each code is a static JSON file, so no server is needed.
(function () {
  const OID_SYSTEMS = {
    "2.16.840.1.113883.6.12": "cpt",
    "2.16.840.1.113883.6.285": "hcpcs",
    "2.16.840.1.113883.6.4": "icd-10-pcs",
    "2.16.840.1.113883.6.96": "snomed-ct",
  };
  const NAMED_SYSTEMS = ["cpt", "hcpcs", "icd-10-pcs", "snomed-ct"];

  function requested(params) {
    const code = (params.get("mainSearchCriteria.v.c") || params.get("code") || "").trim();
    const oid = (params.get("mainSearchCriteria.v.cs") || "").trim();
    const named = (params.get("system") || "").trim().toLowerCase();
    const system = OID_SYSTEMS[oid] || (NAMED_SYSTEMS.includes(named) ? named : "");
    return { system, code };
  }

  function show(id) {
    document.getElementById("connect-working").hidden = true;
    document.getElementById(id).hidden = false;
  }

  async function connect() {
    const { system, code } = requested(new URLSearchParams(window.location.search));
    if (!system || !/^[0-9A-Za-z.-]+$/.test(code)) {
      show("connect-not-found");
      return;
    }
    const answer = new URL(`../api/codes/${system}/${encodeURIComponent(code)}.json`, window.location.href);
    try {
      const response = await fetch(answer);
      if (!response.ok) {
        show("connect-not-found");
        return;
      }
      const feed = (await response.json()).feed;
      const guide = new URL(feed.entry[0].link[0].href);
      // Stay on this site whatever address it is served from.
      window.location.replace(new URL(guide.pathname, window.location.href).href);
    } catch (error) {
      show("connect-not-found");
    }
  }

  connect();
})();
