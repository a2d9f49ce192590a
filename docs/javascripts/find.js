// Search the guides by title, other names, codes and summary, with MiniSearch (loaded just before
// this script). The index is small (one entry per guide and language, and the patients' everyday
// words from lay-words.yaml) and is fetched only here, when a patient opens search.
//
// A query is cut into concepts: a code, a phrase or word from the lay words (searched with the
// guides' words for it, which count less than the patient's own), or any other word. Words match
// whole, by their start (as they are typed) or with a letter or two wrong in names. Guides that
// match every concept are shown; when none does, those that match the most. Then, in order: the
// guide a code describes, a guide whose name is the query, the score, the page's own language.
(function () {
  const form = document.querySelector("form.pg-find");
  const input = document.getElementById("pg-find-query");
  const status = document.getElementById("pg-find-status");
  const results = document.getElementById("pg-find-results");
  const help = document.getElementById("pg-find-help");
  // What the page says, in its language, and where the index is.
  const texts = JSON.parse(document.getElementById("pg-find-texts").textContent);
  const indexUrl = new URL(texts.index, window.location.href);
  const siteRoot = new URL("../", indexUrl);
  const pageLanguage = document.documentElement.lang || "en";
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);

  // Words that say nothing about which guide is meant, in English and Spanish.
  const IGNORED = new Set(
    (
      "a an and are as at be by can do does for from get getting got had has have how i if im in is it its me my " +
      "of on or " +
      "should the this to was what will with would you your " +
      "al con de del el en es la las le lo los me mi mis o para por que se si su sus un una unas unos y " +
      "code codes codigo codigos cpt hcpcs"
    ).split(" "),
  );
  // A code system's name just before a code: "CPT 22852", "cpt22852", "CPT: 22852".
  const CODE_SYSTEM = /\b(?:cpt|hcpcs)[\s#:-]*(?=[a-z]?\d)/g;
  const MOST_RESULTS = 20;
  const LAY_WEIGHT = 0.5; // the guides' words for a lay word count half as much as the patient's own
  const NAME_WEIGHT = 3; // a match in a title or other name counts more than one in a summary
  const OWN_LANGUAGE_WEIGHT = 1.5; // the page's language first, where guides match about as well

  // Accents are dropped, so "cirugia" finds "cirugía" and "fusión" finds "fusion".
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const wordsOf = (text) => fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  // Plurals meet their singulars: "rods" is "rod", "tornillos" is "tornillo".
  const stem = (word) => (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word);
  const hasDigit = (term) => /\d/.test(term);
  // As typed, a word finds the words it starts; a code only itself.
  const prefix = (term) => term.length >= 2 && !hasDigit(term);
  // Letters wrong: one in a word of five to seven letters, two in a longer one; none in a code.
  const fuzzy = (term) => (hasDigit(term) ? 0 : term.length >= 8 ? 2 : term.length >= 5 ? 1 : 0);

  let engine = null;
  let guides = [];
  let layWords = new Map(); // the patient's words, stemmed and joined: the guides' words for them
  let longestLayWords = 1;
  let codes = new Set();
  let vocabulary = new Map(); // every word search knows, folded: {word as written, how many guides use it}

  // The guides' words for a lay word or phrase; a single word may be misspelt as words in names may.
  function layWordsFor(phrase) {
    const key = phrase.map(stem).join(" ");
    if (layWords.has(key) || phrase.length > 1 || IGNORED.has(key)) return layWords.get(key);
    const near = [...layWords.keys()].find((other) => !other.includes(" ") && distance(key, other) <= fuzzy(key));
    return near && layWords.get(near);
  }

  function conceptsOf(words) {
    const concepts = [];
    for (let i = 0; i < words.length; ) {
      let taken = 0;
      for (let n = Math.min(longestLayWords, words.length - i); n > 0 && !taken; n--) {
        const phrase = words.slice(i, i + n);
        const lay = layWordsFor(phrase);
        if (lay) {
          concepts.push({ words: phrase.filter((word) => !IGNORED.has(word)), lay });
          taken = n;
        }
      }
      if (!taken) {
        const word = words[i];
        if (codes.has(word)) concepts.push({ code: word });
        else if (!IGNORED.has(word) && (word.length > 1 || hasDigit(word))) concepts.push({ words: [word], lay: [] });
        taken = 1;
      }
      i += taken;
    }
    return concepts;
  }

  // {guide id: score} for the guides that match one concept.
  function scoresFor(concept) {
    const scores = new Map();
    const add = (found, weight) =>
      found.forEach((hit) => scores.set(hit.id, (scores.get(hit.id) || 0) + hit.score * weight));
    if (concept.code) {
      add(engine.search(concept.code, { fields: ["codes"] }), 1);
      return scores;
    }
    const queries = [];
    if (concept.words.length) queries.push(concept.words.join(" "));
    if (concept.lay.length) queries.push({ queries: [concept.lay.join(" ")], boostTerm: () => LAY_WEIGHT });
    const query = { combineWith: "OR", queries };
    add(engine.search(query, { fields: ["title", "names"], prefix, fuzzy }), NAME_WEIGHT);
    add(engine.search(query, { fields: ["summary"], prefix }), 1);
    return scores;
  }

  function search(query) {
    const words = wordsOf(fold(query).replace(CODE_SYSTEM, ""));
    const concepts = conceptsOf(words);
    const hits = new Map();
    for (const concept of concepts) {
      for (const [id, score] of scoresFor(concept)) {
        const hit = hits.get(id) || { guide: guides[id], matched: 0, score: 0 };
        hit.matched += 1;
        hit.score += score;
        hits.set(id, hit);
      }
    }
    const most = Math.max(0, ...[...hits.values()].map((hit) => hit.matched));
    const asked = concepts.filter((concept) => concept.code).map((concept) => concept.code);
    const phrase = words.join(" ");
    const rank = ({ guide, score }) => ({
      // The guide a code describes first, then the other guides that carry it.
      code: asked.some((code) => guide.primaryCodes.includes(code))
        ? 2
        : asked.some((code) => guide.codes.includes(code))
          ? 1
          : 0,
      // A query that is a whole name of a guide ("hardware removal") puts that guide first,
      // ahead of guides that merely share its words.
      name: guide.names.includes(phrase) ? 2 : guide.names.some((name) => ` ${name} `.includes(` ${phrase} `)) ? 1 : 0,
      score: score * (guide.language === pageLanguage ? OWN_LANGUAGE_WEIGHT : 1),
    });
    const found = [...hits.values()]
      .filter((hit) => hit.matched === most)
      .map((hit) => ({ ...hit, rank: rank(hit) }))
      .sort(
        (a, b) =>
          b.rank.code - a.rank.code ||
          b.rank.name - a.rank.name ||
          b.rank.score - a.rank.score ||
          (b.guide.language === pageLanguage) - (a.guide.language === pageLanguage) ||
          a.guide.title.localeCompare(b.guide.title),
      )
      .slice(0, MOST_RESULTS)
      .map((hit) => hit.guide);
    return { found, complete: most === concepts.length, suggestions: suggestionsFor(query) };
  }

  // Edits from one word to another: a letter added, dropped, changed, or two swapped.
  function distance(a, b) {
    const rows = [...Array(a.length + 1)].map((_, i) => [...Array(b.length + 1)].map((_, j) => (i ? (j ? 0 : i) : j)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const changed = a[i - 1] === b[j - 1] ? 0 : 1;
        rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + changed);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
      }
    }
    return rows[a.length][b.length];
  }

  // A word search knows: a short one, a code, a word it passes over, or the start of a word of the
  // guides or the lay words.
  const known = (word) =>
    word.length < 3 ||
    hasDigit(word) ||
    IGNORED.has(word) ||
    [...vocabulary.keys()].some((key) => key.startsWith(stem(word)));

  // The closest words search knows, for a word it does not (one letter off, or two swapped; two
  // in a word of eight letters or more): those fewest edits away, the most used first.
  function closest(word) {
    const most = word.length >= 8 ? 2 : 1;
    const candidates = [...vocabulary.entries()]
      .filter(([key]) => Math.abs(key.length - word.length) <= most)
      .map(([key, entry]) => ({ ...entry, edits: distance(word, key) }))
      .filter((candidate) => candidate.edits <= most);
    const fewest = Math.min(...candidates.map((candidate) => candidate.edits));
    return candidates
      .filter((candidate) => candidate.edits === fewest)
      .sort((a, b) => b.uses - a.uses)
      .slice(0, 3)
      .map((candidate) => candidate.word);
  }

  // The query again with each word search does not know replaced by a close one it does: up to
  // three such queries, or none when a word has nothing close.
  function suggestionsFor(query) {
    const WORD = /[\p{L}\p{N}]+/gu;
    const options = new Map();
    for (const token of query.match(WORD) || []) {
      if (!known(fold(token))) options.set(token, closest(fold(token)));
    }
    if (!options.size || [...options.values()].some((closeWords) => !closeWords.length)) return [];
    const suggestions = new Set();
    for (let choice = 0; choice < 3; choice++) {
      const pick = (token) => {
        const closeWords = options.get(token);
        return closeWords ? closeWords[Math.min(choice, closeWords.length - 1)] : token;
      };
      suggestions.add(query.replace(WORD, pick).trim());
    }
    return [...suggestions];
  }

  function suggestionLinks(suggestions) {
    const links = [];
    suggestions.forEach((suggestion, i) => {
      if (i) links.push(i === suggestions.length - 1 ? ` ${texts.or} ` : ", ");
      const link = document.createElement("a");
      const address = new URL(window.location.href);
      address.searchParams.set("q", suggestion);
      link.href = address.href;
      link.textContent = suggestion;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        input.value = suggestion;
        run(suggestion);
        input.focus();
      });
      links.push(link);
    });
    const [before, after] = texts.did_you_mean.split("{suggestions}");
    const sentence = document.createElement("span");
    sentence.append(before, ...links, after);
    return sentence;
  }

  function show(query) {
    results.replaceChildren();
    status.replaceChildren();
    help.hidden = true;
    if (!wordsOf(query).length) return;
    const { found, complete, suggestions } = search(query);
    const message = !found.length
      ? texts.none
      : !complete
        ? texts.partial
        : found.length === 1
          ? texts.found_one
          : texts.found_many;
    status.append(say(message, { count: found.length, query }));
    if (suggestions.length) status.append(" ", suggestionLinks(suggestions));
    help.hidden = found.length > 0 && complete;
    for (const guide of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = new URL(guide.path, siteRoot).href;
      link.textContent = guide.title;
      link.lang = guide.language;
      link.hreflang = guide.language;
      const summary = document.createElement("p");
      summary.textContent = guide.summary;
      summary.lang = guide.language;
      item.append(link, summary);
      results.append(item);
    }
  }

  // Show the results, and keep the query in the address so it can be shared or reloaded.
  function run(query) {
    const address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address);
    show(query);
  }

  async function load() {
    const response = await fetch(indexUrl);
    const index = await response.json();
    // Each guide once: in the page's language where it has a page in it, else in English.
    const slugOf = (guide) => guide.path.match(/procedures\/([^/]+)\/$/)[1];
    const inPageLanguage = new Set(index.guides.filter((g) => g.language === pageLanguage).map(slugOf));
    const shown = index.guides.filter((g) => g.language === pageLanguage || !inPageLanguage.has(slugOf(g)));
    guides = shown.map((guide, id) => ({
      ...guide,
      id,
      codes: guide.codes.map((code) => code.toLowerCase()),
      primaryCodes: guide.primary_codes.map((code) => code.toLowerCase()),
      names: [guide.title, ...guide.other_names].map((name) => wordsOf(name).join(" ")),
    }));
    codes = new Set(guides.flatMap((guide) => guide.codes));
    for (const [words, means] of Object.entries(index.lay_words)) {
      const key = wordsOf(words).map(stem);
      layWords.set(key.join(" "), [...new Set(means.flatMap(wordsOf).filter((word) => !IGNORED.has(word)))]);
      longestLayWords = Math.max(longestLayWords, key.length);
    }
    const seen = new Map();
    const learn = (text) => {
      for (const word of new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u))) {
        const key = fold(word);
        if (key.length < 3 || hasDigit(key) || IGNORED.has(key)) continue;
        const entry = seen.get(key) || { word, uses: 0 };
        entry.uses += 1;
        seen.set(key, entry);
      }
    };
    guides.forEach((guide) => learn([guide.title, ...guide.other_names, guide.summary].join(" ")));
    Object.keys(index.lay_words).forEach(learn);
    vocabulary = seen;
    engine = new MiniSearch({
      fields: ["title", "names", "codes", "summary"],
      tokenize: wordsOf,
      processTerm: stem,
    });
    engine.addAll(
      guides.map((guide) => ({
        id: guide.id,
        title: guide.title,
        names: guide.other_names.join(" | "),
        codes: guide.codes.join(" "),
        summary: guide.summary,
      })),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (engine) run(input.value);
  });
  input.addEventListener("input", () => engine && show(input.value));

  load().then(() => {
    // A query in the address (?q=...) fills an empty box; never overwrite what
    // the patient typed while the index was loading.
    const fromAddress = new URLSearchParams(window.location.search).get("q");
    if (fromAddress && !input.value) input.value = fromAddress;
    show(input.value);
  });
})();
