// Show a footnote's quote, in context, beside its marker: after a short hover,
// on focus, or on a tap. Escape or a tap elsewhere closes it. Without this
// script each marker is a plain link to its footnote and back.
(() => {
  let card = null, owner = null, timer = 0, touched = false, wasOpen = false, back = false;
  const close = (refocus) => {
    clearTimeout(timer);
    if (!card) return;
    card.remove();
    owner.removeAttribute("aria-describedby");
    if (refocus) owner.focus();
    card = owner = null;
  };
  const open = (marker) => {
    if (owner === marker) return;
    close();
    const note = document.getElementById(marker.hash.slice(1));
    if (!note) return;
    card = document.createElement("span");
    card.className = "card";
    card.id = "cite-card";
    for (const part of note.children) {
      const copy = part.cloneNode(true);
      copy.querySelectorAll(".back").forEach((b) => b.remove());
      copy.removeAttribute("id");
      card.append(copy);
    }
    // A source's original address is linked at its first note only: lend it to the others.
    card.querySelectorAll(".by").forEach((by) => {
      const page = (a) => a.getAttribute("href").split("#")[0];
      const src = by.querySelector("a");
      if (!src || by.querySelector("a[rel]")) return;
      for (const other of document.querySelectorAll(".citations .by")) {
        const original = other.querySelector("a[rel]");
        if (original && page(other.querySelector("a")) === page(src)) {
          by.append(" · ", original.cloneNode(true));
          break;
        }
      }
    });
    owner = marker;
    marker.setAttribute("aria-describedby", card.id);
    marker.after(card);
    const room = document.documentElement.clientWidth;
    const box = marker.getBoundingClientRect();
    const width = Math.min(352, room - 16);
    // The card is placed from its containing block: the page, unless an element around the
    // marker is positioned (a timeline entry is), whose own place is then taken off.
    const base = card.offsetParent;
    const at = base && getComputedStyle(base).position !== "static"
      ? base.getBoundingClientRect() : { left: -scrollX, top: -scrollY };
    card.style.width = width + "px";
    card.style.left = Math.max(8, Math.min(box.left, room - width - 8)) - at.left + "px";
    card.style.top = box.bottom + 6 - at.top + "px";
  };
  const later = (fn, ms) => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  const markerOf = (e) => e.target.closest && e.target.closest("a.fn");
  document.addEventListener("pointerdown", (e) => {
    touched = e.pointerType !== "mouse";
    wasOpen = !!owner && owner === markerOf(e);
    if (card && !card.contains(e.target) && !markerOf(e)) close();
  });
  document.addEventListener("click", (e) => {
    // The way back from a footnote (↩) focuses its marker: then no card, over the text returned to.
    back = !!e.target.closest(".back a");
    // A first tap shows the card; a second tap on the same marker follows the link.
    const marker = markerOf(e);
    if (marker && touched && !wasOpen) { e.preventDefault(); open(marker); }
  });
  document.addEventListener("mouseover", (e) => {
    const marker = markerOf(e);
    if (marker) later(() => open(marker), 200);
    else if (card && card.contains(e.target)) clearTimeout(timer);
  });
  document.addEventListener("mouseout", (e) => {
    if (markerOf(e) || (card && card.contains(e.target))) later(() => close(), 300);
  });
  document.addEventListener("focusin", (e) => {
    const marker = markerOf(e);
    if (marker && !back) { clearTimeout(timer); open(marker); }
    else if (card && !card.contains(e.target)) close();
    back = false;
  });
  document.addEventListener("keydown", (e) => {
    back = false;   // a key moves focus on its own: Tab to the marker shows its card
    if (e.key === "Escape" && card) close(true);
  });
})();
