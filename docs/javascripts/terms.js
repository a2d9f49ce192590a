// A marked word opens its definition in place, on tap, click or the keyboard's Enter, and
// Escape closes it. Without this script the word still leads to its line in "Words to know".
(function () {
  let open = null; // the word whose definition is shown, and the box showing it

  function close(giveFocusBack) {
    if (!open) return;
    open.box.remove();
    open.link.setAttribute("aria-expanded", "false");
    open.link.removeAttribute("aria-controls");
    if (giveFocusBack) open.link.focus();
    open = null;
  }

  document.querySelectorAll("a.pg-term").forEach((link) => link.setAttribute("aria-expanded", "false"));

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.pg-term");
    if (!link) {
      if (open && !open.box.contains(event.target)) close(false);
      return;
    }
    const definition = document.getElementById(link.getAttribute("aria-describedby"));
    if (!definition) return; // follow the link to the word's line instead
    event.preventDefault();
    const same = open && open.link === link;
    close(false);
    if (same) return;
    const box = document.createElement("span");
    box.className = "pg-term-definition";
    box.id = `${definition.id}-open`;
    box.textContent = definition.textContent;
    link.after(box);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", box.id);
    open = { link, box };
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) close(true);
  });
})();
