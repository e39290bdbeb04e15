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
  // Stop a second submit while the first is on its way (uploads take a moment).
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      const button = form.querySelector("button[type=submit]");
      if (button) setTimeout(() => { button.disabled = true; }, 0);
    });
  });
});
