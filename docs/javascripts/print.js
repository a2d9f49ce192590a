// Open every question before printing, for browsers that cannot do it in CSS, and load every drawing.
window.addEventListener("beforeprint", () => {
  // A drawing further down the page may not have loaded yet; paper needs it now.
  document.querySelectorAll('img[loading="lazy"]').forEach((image) => {
    image.loading = "eager";
  });
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
