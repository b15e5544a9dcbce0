"""The local server the browser tests and the benchmark use: serves the site under
site_url's path as a real host does, 404.html for missing pages, gzip on request."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

from scripts.localserver import serve


def fetch(url: str, gz: bool = False):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gz else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 (local URL)
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_serves_under_the_base_path_with_404_page_and_gzip(tmp_path):
    (tmp_path / "dosing").mkdir()
    (tmp_path / "index.html").write_text("<h1>home</h1>" * 50, encoding="utf-8")
    (tmp_path / "dosing" / "index.html").write_text("<h1>dosing</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>not found</h1>", encoding="utf-8")
    with serve(tmp_path, base_path="/guide/", compress=True) as url:
        assert url.endswith("/guide/")
        status, _, body = fetch(url)
        assert status == 200 and body.startswith(b"<h1>home")
        assert fetch(url + "dosing/")[0] == 200
        assert fetch(url + "dosing")[0] == 200  # redirected to dosing/
        status, _, body = fetch(url + "nope/")
        assert status == 404 and b"not found" in body
        root = url[: -len("guide/")]
        assert fetch(root)[0] == 404, "nothing outside the base path"
        status, headers, body = fetch(url, gz=True)
        assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(body).startswith(b"<h1>home")
    with serve(tmp_path, base_path="/guide/", compress=False) as url:
        assert "Content-Encoding" not in fetch(url, gz=True)[1]
