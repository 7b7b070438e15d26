// Keys of the review page: a accept, r reject, s skip, u undo the last
// decision. Keys typed into a field are the field's; Escape leaves it.
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
    if (e.key === "Escape") t.blur();
    return;
  }
  var click = { a: "accept", r: "reject", s: "skip", u: "undo-button" }[e.key];
  var el = click && document.getElementById(click);
  if (el) {
    e.preventDefault();
    el.click();
  }
});
