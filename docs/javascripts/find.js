// Search the guides by title, other names, code and summary. The index is small
// (one entry per guide) and is fetched only here, when a patient opens search.
(function () {
  const form = document.querySelector("form.pg-find");
  const input = document.getElementById("pg-find-query");
  const status = document.getElementById("pg-find-status");
  const results = document.getElementById("pg-find-results");
  const indexUrl = new URL("../api/search.json", window.location.href);
  const siteRoot = new URL("../", indexUrl);
  const pageLanguage = document.documentElement.lang || "en";
  // What the page says, in its language, from the site's catalogue of texts.
  const texts = JSON.parse(document.getElementById("pg-find-texts").textContent);
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  let index = null;

  // Accents are dropped, so "cirugia" finds "cirugía" in the Spanish guides.
  const words = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);

  function scoreOf(entry, terms) {
    let total = 0;
    for (const term of terms) {
      let best = 0;
      if (entry.primaryCodes.includes(term)) best = 100;
      else if (entry.codes.includes(term)) best = 90;
      for (const word of entry.titleWords) best = Math.max(best, word === term ? 10 : word.startsWith(term) ? 6 : 0);
      for (const word of entry.otherWords) best = Math.max(best, word === term ? 8 : word.startsWith(term) ? 5 : 0);
      for (const word of entry.summaryWords) best = Math.max(best, word === term ? 2 : word.startsWith(term) ? 1 : 0);
      if (best === 0) return 0; // every word of the query must match somewhere
      total += best;
    }
    // A query that is a whole name of a guide ("hardware removal") puts that
    // guide first, ahead of guides that merely share its words.
    const phrase = terms.join(" ");
    if (entry.names.includes(phrase)) total += 50;
    else if (entry.names.some((name) => name.includes(phrase))) total += 20;
    return total;
  }

  function show(query) {
    results.replaceChildren();
    const terms = words(query);
    if (!terms.length) {
      status.textContent = "";
      return;
    }
    const found = index
      .map((entry) => ({ entry, score: scoreOf(entry, terms) }))
      .filter((hit) => hit.score > 0)
      // On a tie (a code matches a guide and its translation), the page's own language comes first.
      .sort(
        (a, b) =>
          b.score - a.score ||
          (b.entry.language === pageLanguage) - (a.entry.language === pageLanguage) ||
          a.entry.title.localeCompare(b.entry.title),
      )
      .slice(0, 20);
    status.textContent = say(found.length === 1 ? texts.found_one : found.length ? texts.found_many : texts.none, {
      count: found.length,
      query,
    });
    for (const { entry } of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = new URL(entry.path, siteRoot).href;
      link.textContent = entry.title;
      link.lang = entry.language;
      link.hreflang = entry.language;
      const summary = document.createElement("p");
      summary.textContent = entry.summary;
      summary.lang = entry.language;
      item.append(link, summary);
      results.append(item);
    }
  }

  async function load() {
    const response = await fetch(indexUrl);
    index = (await response.json()).guides.map((guide) => ({
      ...guide,
      codes: guide.codes.map((code) => code.toLowerCase()),
      primaryCodes: guide.primary_codes.map((code) => code.toLowerCase()),
      titleWords: words(guide.title),
      otherWords: guide.other_names.flatMap(words),
      names: [guide.title, ...guide.other_names].map((name) => words(name).join(" ")),
      summaryWords: words(guide.summary),
    }));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    show(input.value);
  });
  input.addEventListener("input", () => index && show(input.value));

  load().then(() => {
    // A query in the address (?q=...) fills an empty box; never overwrite what
    // the patient typed while the index was loading.
    const fromAddress = new URLSearchParams(window.location.search).get("q");
    if (fromAddress && !input.value) input.value = fromAddress;
    show(input.value);
  });
})();
