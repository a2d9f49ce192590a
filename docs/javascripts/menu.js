// The menu button for every reader: the theme's menu "button" is a label (it works with no
// script, by mouse or touch), which the keyboard cannot reach. Here it becomes a real button,
// named and telling whether the menu is open; opening it from the keyboard gives the menu's
// first link the focus, and Escape closes the menu and gives the focus back.
(function () {
  const toggle = document.getElementById("__drawer");
  const label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !label) return;
  const menu = document.querySelector(".md-sidebar--primary");
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${label.className} pg-menu-button`;
  button.setAttribute("aria-label", label.dataset.pgName);
  button.setAttribute("aria-expanded", "false");
  button.append(...label.childNodes);
  label.replaceWith(button);
  let byKeyboard = false;

  toggle.addEventListener("change", () => {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked && byKeyboard && menu) {
      // Once the menu is there for the keyboard (it slides in), its first link takes the focus.
      requestAnimationFrame(() => menu.querySelector("a[href]")?.focus());
    }
    byKeyboard = false;
  });
  // A click from the keyboard (Enter or Space on the button) has no pointer: detail 0.
  button.addEventListener("click", (event) => {
    byKeyboard = event.detail === 0;
    toggle.click();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.checked) {
      toggle.click();
      button.focus();
    }
  });
})();
