// Open every question before printing, for browsers that cannot do it in CSS.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details:not([open])").forEach((details) => {
    details.setAttribute("open", "");
    details.dataset.openedForPrint = "true";
  });
});
window.addEventListener("afterprint", () => {
  document.querySelectorAll("details[data-opened-for-print]").forEach((details) => {
    details.removeAttribute("open");
    delete details.dataset.openedForPrint;
  });
});
