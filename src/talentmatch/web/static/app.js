// Progressive enhancement only: every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Phone menu.
  const toggle = document.querySelector(".menu-toggle");
  const menu = document.getElementById("menu");
  if (toggle && menu) {
    toggle.addEventListener("click", () => {
      const open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // Ask before destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Sign-up: company fields only for employers.
  const employerOnly = document.querySelector(".employer-only");
  if (employerOnly) {
    const radios = document.querySelectorAll("input[name=role]");
    const update = () => {
      const employer = document.querySelector("input[name=role]:checked")?.value === "employer";
      employerOnly.hidden = !employer;
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  }
  // Hiring board: drag a card onto another stage's column. The drop fills in and sends the
  // card's own "Move to stage" form, so the keyboard path (the list and its button) and the
  // drag do the same thing; after the reload the moved card takes focus and the page's
  // status message says where it went.
  const board = document.querySelector("[data-board]");
  if (board) {
    const status = document.getElementById("board-status");
    const cards = board.querySelectorAll("[data-request]");
    cards.forEach((card) => {
      card.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("text/plain", card.dataset.request);
        event.dataTransfer.effectAllowed = "move";
        card.classList.add("dragging");
      });
      card.addEventListener("dragend", () => card.classList.remove("dragging"));
    });
    board.querySelectorAll("[data-drop-stage]").forEach((column) => {
      column.addEventListener("dragover", (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        column.style.outline = "2px dashed currentColor";
      });
      column.addEventListener("dragleave", () => { column.style.outline = ""; });
      column.addEventListener("drop", (event) => {
        event.preventDefault();
        column.style.outline = "";
        const id = event.dataTransfer.getData("text/plain");
        const card = document.getElementById(`request-${id}`);
        const form = card?.querySelector("form.stage-form");
        const select = form?.querySelector("select[name=stage]");
        const stage = column.dataset.dropStage;
        if (!form || !select || select.value === stage) return;
        if (![...select.options].some((option) => option.value === stage)) return;
        select.value = stage;
        const label = select.options[select.selectedIndex].text;
        if (status) status.textContent = `Moving to ${label}…`;
        form.requestSubmit();
      });
    });
    const moved = location.hash.startsWith("#request-") && document.getElementById(location.hash.slice(1));
    if (moved) moved.focus();
  }
  // Stop a second submit while the first is on its way (uploads take a moment).
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      const button = form.querySelector("button[type=submit]");
      if (button) setTimeout(() => { button.disabled = true; }, 0);
    });
  });
});
