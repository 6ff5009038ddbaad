// "Gældende på dato": the table of date ranges works without scripts; with them, a date
// (from the field or ?dato=YYYY-MM-DD in the address) marks the edition of every guideline
// that was in force that day and says so in words.
(function () {
  const form = document.getElementById("in-force-form");
  if (!form) return;
  const input = document.getElementById("in-force-date");
  const status = document.getElementById("in-force-status");
  form.hidden = false;

  function show(date) {
    const found = [];
    for (const section of document.querySelectorAll(".in-force-guideline")) {
      const title = section.querySelector("h2").textContent.trim();
      let hit = null;
      for (const row of section.querySelectorAll("tbody tr")) {
        const from = row.dataset.from;
        const until = row.dataset.until;
        const inForce = date && from <= date && (!until || date <= until);
        row.classList.toggle("in-force-hit", Boolean(inForce));
        if (inForce) {
          row.setAttribute("aria-current", "date");
          hit = row.querySelector("th").textContent.trim();
        } else {
          row.removeAttribute("aria-current");
        }
      }
      found.push(title + ": " + (hit || form.dataset.none));
    }
    if (!date) {
      status.textContent = "";
      return;
    }
    const shown = new Date(date + "T12:00:00").toLocaleDateString(document.documentElement.lang, {
      day: "numeric", month: "long", year: "numeric",
    });
    status.textContent = form.dataset.shown.replace("{date}", shown) + " " + found.join("; ") + ".";
  }

  const wanted = new URLSearchParams(location.search).get("dato");
  if (wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted)) {
    input.value = wanted;
    show(wanted);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const date = input.value;
    const url = new URL(location.href);
    if (date) url.searchParams.set("dato", date); else url.searchParams.delete("dato");
    history.replaceState(null, "", url);
    show(date);
  });
})();
