"""Serve a built site on 127.0.0.1 from a background thread, optionally gzip-compressed.

Why: the browser tests and `make bench` need the built site over HTTP (Material's
search fetches its index with XHR, which browsers block on file://). Lighthouse
must see the site the way a real host serves it: gzip for text, a short cache
lifetime (GitHub Pages sends `Cache-Control: max-age=600`) and 404.html for
missing pages. The site is served under the path of `site_url` (for example
/baclofen-guide/), as on the real host: the print page and the 404 page use
absolute links to that path, so serving at / would break them. One
implementation here; tests and the benchmark import `serve()`.

    python -m scripts.localserver site --port 8000 --gzip
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import mimetypes
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
CACHE_CONTROL = "max-age=600"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with directory index, 404.html, optional gzip; logs nothing."""

    compress = False
    base_path = "/"
    _cache: dict[tuple[str, bool], bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        pass

    def do_GET(self):  # noqa: N802 (stdlib name)
        self._respond(head=False)

    def do_HEAD(self):  # noqa: N802
        self._respond(head=True)

    def translate_path(self, path: str) -> str:
        # Strip the base path; anything outside it does not exist.
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-the-base-path")
        return super().translate_path("/" + path[len(self.base_path):])

    def _respond(self, head: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                location = self.path.split("?", 1)
                location[0] += "/"
                self.send_header("Location", "?".join(location))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = HTTPStatus.OK
        if not path.is_file():
            status = HTTPStatus.NOT_FOUND
            path = Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        use_gzip = (
            self.compress
            and ctype.startswith(COMPRESSIBLE)
            and "gzip" in self.headers.get("Accept-Encoding", "")
        )
        body = self._body(path, use_gzip)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _body(self, path: Path, use_gzip: bool) -> bytes:
        data = path.read_bytes()
        if not use_gzip:
            return data
        key = (str(path), True)
        if key not in self._cache:
            # Level 6 is what nginx-style hosts use by default.
            self._cache[key] = gzip.compress(data, compresslevel=6, mtime=0)
        return self._cache[key]


def site_path() -> str:
    """The path part of site_url ("/baclofen-guide/"), or "/" when it has none."""
    from urllib.parse import urlparse

    from scripts.project import load_mkdocs_config

    return urlparse(load_mkdocs_config().get("site_url") or "/").path or "/"


@contextlib.contextmanager
def serve(directory: Path, port: int = 0, compress: bool = False, base_path: str | None = None) -> Iterator[str]:
    """Serve directory on 127.0.0.1 (port 0 = any free port) under base_path (default: the
    path of site_url in mkdocs.yml); yield the site's URL, ending in '/'."""
    if base_path is None:
        base_path = site_path()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    handler = type("Handler", (SiteHandler,), {"compress": compress, "base_path": base_path, "_cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="localserver", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="built site directory")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--gzip", action="store_true", help="gzip text responses like a real host")
    parser.add_argument("--base-path", help="URL path to serve under (default: the path of site_url)")
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"localserver: {args.directory}: no index.html (build the site first)", file=sys.stderr)
        return 2
    with serve(args.directory, args.port, args.gzip, args.base_path) as url:
        print(f"serving {args.directory} on {url} (Ctrl-C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
