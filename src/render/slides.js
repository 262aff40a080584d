/* boundcheck teach --export html: keyboard, clicker and click navigation for the slides
   in <main id="deck">. Embedded verbatim in each page; no libraries, no network.

   Forward (→, PageDown, Space, Enter, n, a click on the right half): reveals the next
   hidden .reveal on the current slide, then moves to the next slide.
   Back (←, PageUp, Backspace, Shift+Space, p, a click on the left half): hides again,
   last first, what was revealed on the current slide, then moves to the previous one.
   Home / End: the first / last slide. The address ends in #sN for slide N: it is kept up
   to date and honoured on load, so a link or a reload opens the same slide. */
(function () {
  "use strict";

  var deck = document.getElementById("deck");
  if (!deck) return;
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  if (!slides.length) return;
  var progress = document.getElementById("progress");
  var current = -1;

  // Every slide gets an id s1, s2, … so that its address works; ids already given stay.
  slides.forEach(function (slide, i) {
    if (!slide.id) slide.id = "s" + (i + 1);
  });

  // From here on one slide shows at a time (slides.css keys on this class).
  document.documentElement.classList.add("js");

  function indexFromHash() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    for (var i = 0; i < slides.length; i++) {
      if (slides[i].id === id) return i;
    }
    return -1;
  }

  function setHash(id) {
    // replaceState keeps one history entry for the whole talk; a page opened from a
    // file may refuse it, and then the plain assignment does the same job.
    try {
      history.replaceState(null, "", "#" + id);
    } catch (e) {
      location.hash = id;
    }
  }

  function show(i) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i !== current) {
      slides.forEach(function (slide, k) {
        var on = k === i;
        slide.classList.toggle("current", on);
        slide.setAttribute("aria-hidden", on ? "false" : "true");
      });
      current = i;
      slides[i].scrollTop = 0;
    }
    if (indexFromHash() !== i) setHash(slides[i].id);
    if (progress) progress.textContent = i + 1 + " / " + slides.length;
  }

  function hidden(slide) {
    return slide.querySelectorAll(".reveal:not(.shown)");
  }

  function shown(slide) {
    return slide.querySelectorAll(".reveal.shown");
  }

  function forward() {
    var next = hidden(slides[current])[0];
    if (next) {
      next.classList.add("shown");
    } else if (current < slides.length - 1) {
      show(current + 1);
    }
  }

  function back() {
    var done = shown(slides[current]);
    if (done.length) {
      done[done.length - 1].classList.remove("shown");
    } else if (current > 0) {
      show(current - 1); // that slide stays as it was left
    }
  }

  var FORWARD = { ArrowRight: 1, PageDown: 1, " ": 1, Spacebar: 1, Enter: 1, n: 1, N: 1 };
  var BACK = { ArrowLeft: 1, PageUp: 1, Backspace: 1, p: 1, P: 1 };

  document.addEventListener("keydown", function (e) {
    // Leave the browser's own shortcuts (Ctrl+P, Alt+←, …) and any typing alone.
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var key = e.key;
    // Enter or Space on a focused link or button presses it, as usual.
    if ((key === "Enter" || key === " ") && t && t.closest && t.closest("a, button, summary")) return;
    if ((key === " " || key === "Spacebar") && e.shiftKey) {
      back();
    } else if (FORWARD[key]) {
      forward();
    } else if (BACK[key]) {
      back();
    } else if (key === "Home") {
      show(0);
    } else if (key === "End") {
      show(slides.length - 1);
    } else {
      return;
    }
    e.preventDefault(); // no scrolling, no "back" in history for Backspace
  });

  document.addEventListener("click", function (e) {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    // A link or a control does its own thing; selecting text is not navigating.
    if (e.target.closest && e.target.closest("a, button, input, select, textarea, summary, label")) return;
    var selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed) return;
    if (e.clientX >= window.innerWidth / 2) forward();
    else back();
  });

  window.addEventListener("hashchange", function () {
    var i = indexFromHash();
    if (i >= 0 && i !== current) show(i);
  });

  // A slide taller than the window is set smaller as a whole (slides.css scales its
  // words by --fit) until it fits, down to FLOOR, below which it scrolls instead.
  // Answers still hidden keep their space, so a slide is measured as it will be with
  // everything shown, and nothing moves when a reveal comes. Again on every resize.
  var FLOOR = 0.6;

  function overflows(slide) {
    return slide.scrollHeight > slide.clientHeight || slide.scrollWidth > slide.clientWidth;
  }

  function fit(slide) {
    var was = slide.classList.contains("current");
    slide.classList.add("current");
    slide.style.removeProperty("--fit");
    if (overflows(slide)) {
      var lo = FLOOR;
      var hi = 1;
      for (var k = 0; k < 8; k++) {
        var mid = (lo + hi) / 2;
        slide.style.setProperty("--fit", mid.toFixed(4));
        if (overflows(slide)) hi = mid;
        else lo = mid;
      }
      slide.style.setProperty("--fit", lo.toFixed(4));
    }
    if (!was) slide.classList.remove("current");
  }

  function fitAll() {
    slides.forEach(fit);
  }

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      fitAll();
    });
  });

  fitAll();
  var start = indexFromHash();
  show(start >= 0 ? start : 0);
})();
