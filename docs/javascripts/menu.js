// The menu button with the keyboard: Enter or Space opens and closes the menu, the first link
// in it takes the focus, and Escape closes it and gives the focus back to the button.
(function () {
  const toggle = document.getElementById("__drawer");
  const button = document.querySelector("label.pg-menu-button");
  if (!toggle || !button) return;
  const menu = document.querySelector(".md-sidebar--primary");
  let byKeyboard = false;

  toggle.addEventListener("change", () => {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked && byKeyboard && menu) {
      // Once the menu is there for the keyboard (it slides in), its first link takes the focus.
      requestAnimationFrame(() => menu.querySelector("a[href]")?.focus());
    }
    byKeyboard = false;
  });

  button.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    byKeyboard = true;
    toggle.click(); // as a tap on the button would
  });
  // Some browsers also turn Enter on a label into a click (with no pointer: detail 0), which
  // would toggle the menu a second time.
  button.addEventListener("click", (event) => {
    if (event.detail === 0) event.preventDefault();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.checked) {
      toggle.click();
      button.focus();
    }
  });
})();
