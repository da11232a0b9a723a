// Request forms: show a conditional field only when the answer it depends on is given. Without this
// file every field shows with a note saying when to fill it in, and the server ignores what does not apply.
(function () {
  "use strict";
  var form = document.querySelector(".request-fields");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-show-if-field]");
  if (!dependents.length) return;

  function answer(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) return null; // not on this page: the server already decided
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      return el.value;
    }
    return ""; // nothing ticked or chosen
  }

  function update() {
    dependents.forEach(function (field) {
      var value = answer(field.getAttribute("data-show-if-field"));
      if (value === null) return;
      field.hidden = value !== field.getAttribute("data-show-if-value");
      var note = field.querySelector(".request-condition");
      if (note) note.hidden = true;
    });
  }
  form.addEventListener("change", update);
  update();
})();
