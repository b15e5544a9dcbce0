"""Drive the site's search box in Playwright as a reader does, and time it.

Why: the browser tests (do queries find the right page?) and `make bench`
(how long from the last keystroke to painted results?) need the same careful
driver. Material's search box ignores `fill()`, answers every keystroke, and
renders results asynchronously, so "results are on screen" is only true once
the worker has answered the LAST query typed. The init script below counts the
queries posted to the search worker and its answers, so `search()` waits for
exactly that instead of sleeping.

Use: `page.context.add_init_script(INSTRUMENT_JS)` (or `install(context)`) before
`goto`, then `open_search(page)` and `search(page, "pump")`.
"""

from __future__ import annotations

from dataclasses import dataclass

# What readers type (issue 5): topics, every brand name the Overview lists, and the
# seed article's misspelling (built at run time: it must not appear in this file).
QUERIES = (
    "GABA", "spasticity", "kidney", "withdrawal", "pump", "alcohol", "pregnancy", "missed dose",
    "Lioresal", "Gablofen", "Ozobax", "Fleqsuvy", "Lyvispah", "Kemstro",
    "Bach" + "ofen",
)

# Wraps window.Worker (before any page script runs) to count query (type 2) and
# result (type 3) messages, and stamps the last keydown and the paint after the
# last result, for latency. It changes nothing the page sees.
INSTRUMENT_JS = r"""
(() => {
  const t = window.__probe = {queries: 0, results: 0, lastQuery: null,
                              keydown: 0, painted: 0, workers: 0};
  document.addEventListener('keydown', () => { t.keydown = performance.now(); }, true);
  const Native = window.Worker;
  window.Worker = function (url, opts) {
    const w = new Native(url, opts);
    t.workers += 1;
    const post = w.postMessage.bind(w);
    w.postMessage = (msg, ...rest) => {
      if (msg && msg.type === 2) { t.queries += 1; t.lastQuery = msg.data; }
      return post(msg, ...rest);
    };
    w.addEventListener('message', ev => {
      if (ev.data && ev.data.type === 3) {
        // Material renders the result in this task; a timeout queued from the next
        // animation frame runs just after that frame is painted.
        requestAnimationFrame(() => setTimeout(() => {
          t.results += 1; t.painted = performance.now();
        }, 0));
      }
    });
    return w;
  };
  window.Worker.prototype = Native.prototype;
})();
"""

READY_JS = (
    "() => { const m = document.querySelector('.md-search-result__meta');"
    " return !!m && !/Initializing/i.test(m.textContent); }"
)
SETTLED_JS = "n => window.__probe.queries > n && window.__probe.results === window.__probe.queries"
# Result URLs relative to the site root ("/dosing/"), whatever path the site is served under.
RESULTS_JS = """() => { const root = __md_scope.pathname;
  return [...document.querySelectorAll('.md-search-result__item')].map(li => {
    const a = li.querySelector('a.md-search-result__link');
    const h = li.querySelector('h1, h2');
    const path = new URL(a.href).pathname;
    return {url: '/' + (path.startsWith(root) ? path.slice(root.length) : path),
            title: (h ? h.textContent : a.textContent).trim()};
  }); }"""


@dataclass
class SearchRun:
    query: str
    sent: str  # what reached the search worker (after aliases)
    results: list[dict]  # [{"url": "/dosing/", "title": "Dosing"}, ...] in rank order, from the site root
    latency_ms: float  # last keydown -> results painted (meaningful when typed with a delay)

    @property
    def urls(self) -> list[str]:
        return [r["url"] for r in self.results]


def install(context) -> None:
    """Add the instrumentation to every page of a Playwright browser context."""
    context.add_init_script(INSTRUMENT_JS)


def open_search(page, timeout: float = 15000) -> None:
    """Open search the way a mouse user does (click the box; viewport >= 960 px) and wait for it."""
    page.locator("input.md-search__input").click()
    page.wait_for_function(READY_JS, timeout=timeout)


def search(page, query: str, timeout: float = 15000, delay: float = 0) -> SearchRun:
    """Clear the box, type query key by key (delay: ms between keys), wait for the answer to the last key."""
    box = page.locator("input.md-search__input")
    box.focus()
    box.press("Control+a")
    box.press("Backspace")
    before = page.evaluate("() => window.__probe.queries")
    if delay:  # a person's pace: tap each key (Material searches on keyup), then pause
        for char in query:
            page.keyboard.press(char)
            page.wait_for_timeout(delay)
    else:
        page.keyboard.type(query)
    page.wait_for_function(SETTLED_JS, arg=before, timeout=timeout)
    probe = page.evaluate("() => window.__probe")
    return SearchRun(
        query=query,
        sent=probe["lastQuery"],
        results=page.evaluate(RESULTS_JS),
        latency_ms=probe["painted"] - probe["keydown"],
    )
