// Keys of the review page: a accept, r reject, s skip, u undo the last
// decision. Keys typed into a text field are the field's; Escape leaves
// it (Enter in it accepts, as the form's first button).
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
    (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox"));
  if (typing) {
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

// Choosing another master: a merged value that was the old master's own
// becomes the new master's (the merge keeps the master's values and fills
// its blanks from the others); edited values stay.
(function () {
  var checked = document.querySelector('input[name="master"]:checked');
  var master = checked && checked.value;
  document.querySelectorAll('input[name="master"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      var next = radio.value;
      document.querySelectorAll("table.records tbody tr").forEach(function (tr) {
        var input = tr.querySelector("td.result input");
        var from = tr.querySelector('td[data-record="' + master + '"]');
        var to = tr.querySelector('td[data-record="' + next + '"]');
        if (input && from && to && input.value === from.textContent) input.value = to.textContent;
      });
      master = next;
    });
  });
})();
