#!/usr/bin/env python3
"""Offline HTML slides check for `teach --export html`.

Usage: python3 tests/tools/html_check.py FILE.html OUTDIR

Proves that the page is self-contained and shows a slide with no network at all:
  0. statically, neither the file nor the DOM after its script ran refers to anything
     outside itself (src, href, srcset, poster, data, CSS url() and @import may only be
     `#fragment`s or `data:` URLs; no script calls fetch, XMLHttpRequest and the like);
  1. headless Chromium, inside a new network namespace (`unshare -n`), dumps the DOM:
     the first slide's <h1> title is there, and the script ran (<html class="js">, the
     progress reads "1 / N" for N slides);
  2. the same, at 1280x720, takes a screenshot (OUTDIR/slide1.png), and it is not blank:
     enough pixels differ from the background, in enough colours.
OUTDIR also gets dom.html, and chromium's messages when a step fails.

Installs nothing. Needs Debian's Chromium (`apt-get update && apt-get install -y chromium`),
Pillow (`python3 -m pip install -r tests/tools/requirements-html.txt`) and a user allowed
to make a network namespace (root, as in CI). Prints a closing `html_check: N passed,
N failed`; exits 0 when all pass, 1 when a check fails, 2 when something it needs is missing.
"""
import html.parser
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

TIMEOUT = 60  # seconds for one Chromium run; a page that loads nothing takes about one
WIDTH, HEIGHT = 1280, 720

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
]

# Not blank: at least this share of the pixels differs from the commonest colour (a white
# page with only the "1 / 7" corner has 0.03%; a title slide about 6%), in this many colours.
MIN_INK = 0.01
MIN_COLOURS = 16
MIN_STDDEV = 8.0


class SetupError(Exception):
    pass


def find_chromium():
    for name in ("chromium", "/usr/bin/chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise SetupError("no chromium on PATH: apt-get update && apt-get install -y chromium")


def check_unshare():
    if not shutil.which("unshare"):
        raise SetupError("no `unshare` (util-linux): it proves the page needs no network")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise SetupError(f"`unshare -n` is not allowed here ({probe.stderr.strip()}); run as root, as CI does")


class Page(html.parser.HTMLParser):
    """What the checks need from a page: outside references, the first slide's <h1>
    text, the number of slides, the <html> classes and the progress text."""

    URL_ATTRS = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background", "manifest"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outside = []
        self.slides = 0
        self.html_classes = []
        self.h1 = None
        self._in_h1 = False
        self._h1_text = []
        self._in_progress = False
        self.progress = ""
        self._in_style = False
        self.styles = []
        self._in_script = False
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name in self.URL_ATTRS and value is not None and not local(value, srcset=name == "srcset"):
                self.outside.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value:
                self.styles.append(value)
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.outside.append(f"<meta http-equiv=refresh content={attrs.get('content')!r}>")
        classes = (attrs.get("class") or "").split()
        if tag == "html":
            self.html_classes = classes
        if tag == "section" and "slide" in classes:
            self.slides += 1
        if tag == "h1" and self.slides == 1 and self.h1 is None:
            self._in_h1 = True
        if tag == "nav" and attrs.get("id") == "progress":
            self._in_progress = True
        if tag == "style":
            self._in_style = True
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.h1 = " ".join("".join(self._h1_text).split())
        if tag == "nav":
            self._in_progress = False
        if tag == "style":
            self._in_style = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_h1:
            self._h1_text.append(data)
        if self._in_progress:
            self.progress += data
        if self._in_style:
            self.styles.append(data)
        if self._in_script:
            self.scripts.append(data)


def local(value, srcset=False):
    """A reference that stays inside the page: a #fragment, a data: URL, or nothing."""
    parts = [p.strip().split()[0] for p in value.split(",") if p.strip()] if srcset else [value.strip()]
    return all(p == "" or p.startswith("#") or p.lower().startswith("data:") for p in parts)


def css_outside(css):
    found = []
    for m in re.finditer(r"url\(\s*(['\"]?)(.*?)\1\s*\)", css, re.I):
        if not local(m.group(2)):
            found.append(f"url({m.group(2)})")
    found += [f"@import {m.group(0)[7:].strip()[:60]}" for m in re.finditer(r"@import[^;]*", css, re.I)]
    return found


# What a script would use to load something; the slides' script uses none of these.
SCRIPT_LOADS = re.compile(r"\b(fetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|import\s*\(|new\s+Worker)")


def parse(text):
    page = Page()
    page.feed(text)
    page.close()
    page.outside += css_outside("\n".join(page.styles))
    page.outside += [f"script uses {m.group(1).rstrip('( ')}" for m in SCRIPT_LOADS.finditer("\n".join(page.scripts))]
    return page


def run_chromium(chromium, args, outdir, label):
    """Chromium with no network, in a fresh profile; its stdout, or an error with its log."""
    profile = tempfile.mkdtemp(prefix="boundcheck-chromium-")
    argv = ["unshare", "-n", chromium] + CHROMIUM_FLAGS + [f"--user-data-dir={profile}"] + args
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own group: the renderer and other helpers too
        out, err = proc.communicate()
        timed_out = True
    finally:
        try:  # helpers left behind (crash handler and the like) go too
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        shutil.rmtree(profile, ignore_errors=True)
    if not timed_out and proc.returncode == 0:
        return out, None
    log = os.path.join(outdir, f"chromium-{label}.log")
    with open(log, "wb") as f:
        f.write(err)
    if timed_out:
        return None, f"chromium did not finish within {TIMEOUT} s (its messages: {log})"
    tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
    return None, f"chromium exited {proc.returncode} (its messages: {log}):\n    " + "\n    ".join(tail)


def blank_reasons(png):
    from PIL import Image, ImageStat
    with Image.open(png) as im:
        if im.size != (WIDTH, HEIGHT):
            return [f"the screenshot is {im.size[0]}x{im.size[1]}, not {WIDTH}x{HEIGHT}"]
        rgb = im.convert("RGB")
        colours = rgb.getcolors(WIDTH * HEIGHT)
        background = max(colours)[0]
        ink = 1 - background / (WIDTH * HEIGHT)
        stddev = ImageStat.Stat(rgb.convert("L")).stddev[0]
    reasons = []
    if ink < MIN_INK:
        reasons.append(f"only {ink:.2%} of the pixels differ from the background (want {MIN_INK:.0%})")
    if len(colours) < MIN_COLOURS:
        reasons.append(f"only {len(colours)} distinct colours (want {MIN_COLOURS})")
    if stddev < MIN_STDDEV:
        reasons.append(f"brightness varies too little (stddev {stddev:.1f}, want {MIN_STDDEV})")
    return reasons


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source, outdir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    try:
        with open(source, encoding="utf-8") as f:
            text = f.read()
        os.makedirs(outdir, exist_ok=True)
        chromium = find_chromium()
        check_unshare()
        try:
            import PIL  # noqa: F401
        except ImportError:
            raise SetupError("no Pillow: python3 -m pip install -r tests/tools/requirements-html.txt")
    except (OSError, UnicodeDecodeError) as e:
        print(f"html_check: cannot read {source} or write {outdir}: {e}", file=sys.stderr)
        return 2
    except SetupError as e:
        print(f"html_check: {e}", file=sys.stderr)
        return 2

    passed = failed = 0

    def result(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL {name}:\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"ok   {name}")

    url = "file://" + source
    page = parse(text)
    title = page.h1
    problems = [f"refers outside the page: {ref}" for ref in page.outside]
    if page.slides == 0:
        problems.append('no <section class="slide">')
    if not title:
        problems.append("the first slide has no <h1> title")
    result("self-contained: no outside references, a first slide with a title", problems)

    # 1. The DOM after the page's own script ran.
    out, error = run_chromium(chromium, [f"--window-size={WIDTH},{HEIGHT}", "--dump-dom", url], outdir, "dom")
    problems = []
    if error:
        problems.append(error)
    else:
        dom_text = out.decode("utf-8", "replace")
        with open(os.path.join(outdir, "dom.html"), "w", encoding="utf-8") as f:
            f.write(dom_text)
        dom = parse(dom_text)
        if title and dom.h1 != title:
            problems.append(f"the first slide's <h1> in the DOM is {dom.h1!r}, not {title!r}")
        if "js" not in dom.html_classes:
            problems.append("the script did not run: <html> has no class js")
        want = f"1 / {page.slides}"
        if dom.progress.strip() != want:
            problems.append(f"the progress reads {dom.progress.strip()!r}, not {want!r}")
        problems += [f"after the script ran, refers outside the page: {ref}" for ref in dom.outside]
    result(f"DOM with no network: title {title!r}, script ran", problems)

    # 2. What a projector would show: the first slide, not a blank page.
    png = os.path.join(outdir, "slide1.png")
    if os.path.exists(png):
        os.remove(png)
    _, error = run_chromium(chromium, [f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", url], outdir, "screenshot")
    if error:
        problems = [error]
    elif not os.path.exists(png):
        problems = [f"chromium wrote no screenshot at {png}"]
    else:
        problems = blank_reasons(png)
    result(f"screenshot at {WIDTH}x{HEIGHT} with no network is not blank ({png})", problems)

    print(f"html_check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
