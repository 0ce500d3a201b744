"""Scraped HTML: drop navigation and scripts, keep paragraphs and table rows."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "select"]
_BLOCK = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr"]


def extract(data: bytes) -> str:
    soup = BeautifulSoup(data, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for row in soup.find_all("tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])]
        row.replace_with(NavigableString("\n\t" + "\t".join(cells) + "\n"))
    for tag in soup.find_all(_BLOCK):
        tag.insert_after("\n")
    root = soup.body or soup
    return root.get_text("")
