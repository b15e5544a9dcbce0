"""Gate: every external link in the content points to a trusted source (content-rules.yml).

Why: readers act on medical claims, so each claim must lead to a primary
source (drug regulators, national health services, NCBI, doi.org...). A
mirror, reprint or aggregator of a good source fails too: it can be stale or
altered. Checked in docs/ (every Markdown file, snippets included) and in the
built pages' article content (the print page too), which also catches links
that a template, snippet or hook added. A host matches a trusted domain when it
is that domain or a subdomain of it ("www.nhs.uk" matches "nhs.uk";
"nhs.uk.example.com" does not). Links to the project's own repository
(mkdocs.yml repo_url or extra.repository) are not citations and are allowed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scripts.check import built
from scripts.check.links import markdown_urls
from scripts.check.report import Finding

ID = "SOURCES"
DESCRIPTION = "external links in docs/ and in built page content go to trusted source domains only"
NEEDS_SITE = True

WEB = re.compile(r"^(https?:)?//", re.IGNORECASE)


def host_of(url: str) -> str | None:
    try:
        return (urlsplit(url if not url.startswith("//") else "https:" + url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None


def trusted(host: str, domains: list[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _message(url: str, host: str | None) -> str:
    return f"untrusted source {host or url!r} in {url}: cite a primary source on the trusted list (content-rules.yml)"


def own_repository(ctx) -> tuple[str, ...]:
    """The project's own repository (mkdocs.yml repo_url / extra.repository): links there are not citations."""
    config = ctx.config()
    urls = [config.get("repo_url"), (config.get("extra") or {}).get("repository")]
    return tuple(str(u).rstrip("/") + "/" for u in urls if u)


def allowed(url: str, host: str | None, domains: list[str], own: tuple[str, ...]) -> bool:
    return bool(host) and (trusted(host, domains) or (url.rstrip("/") + "/").startswith(own))


def run(ctx) -> list[Finding]:
    domains = ctx.rules.trusted_domains
    own = own_repository(ctx)
    findings = []
    seen_urls = set()
    for path in ctx.markdown_files():
        text = ctx.read(path)
        if text is None:
            continue
        for line, col, url in markdown_urls(text, links_only=True):
            if not WEB.match(url):
                continue
            host = host_of(url)
            if not allowed(url, host, domains, own):
                findings.append(Finding(ctx.rel(path), line, col, ID, _message(url, host)))
                seen_urls.add(url)
    site_host = host_of(str(ctx.config().get("site_url") or "")) or ""
    for page in built.pages(ctx):
        article = page.article()
        if article is None:
            continue
        for tag in article.find_all("a", href=True):  # embedded resources: the privacy gate
            url = tag["href"]
            if not WEB.match(url) or url in seen_urls:
                continue
            host = host_of(url)
            if allowed(url, host, domains, own) or (host and host == site_host):
                continue
            findings.append(Finding(*built.locate(ctx, page, tag, (url,)), ID, _message(url, host)))
    return findings
