"""Library proxy addresses: a published link leads to the publisher, not to a library's login."""

from __future__ import annotations

import time
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import clean_paper
from generator.model import Paper
from generator.proxy import published_address, published_text, unproxied, unproxied_text
from generator.readers import ReadSettings, parse_source


def test_proxy_host_names_and_login_addresses_lead_to_the_publisher():
    assert unproxied("https://poly-chemnetbase-com.ezproxy.lib.vt.edu/isbn/978-1") == "https://poly.chemnetbase.com/isbn/978-1"
    assert unproxied("https://ieeexplore-ieee-org.libproxy.mit.edu/document/1?a=b#c") == "https://ieeexplore.ieee.org/document/1?a=b#c"
    assert unproxied("https://www-my--site-org.ezp.lib.cam.ac.uk:2048/a") == "https://www.my-site.org/a"
    assert unproxied("https://ezproxy.lib.vt.edu/login?url=https://www.jstor.org/stable/1") == "https://www.jstor.org/stable/1"
    assert unproxied("https://login.ezproxy.lib.ucf.edu/login?qurl=https%3a%2f%2fwww.sciencedirect.com%2fx") == "https://www.sciencedirect.com/x"
    # EZproxy reads `url` to the end: the publisher's own query is not cut at its first `&`.
    assert (unproxied("http://ezproxy.library.arizona.edu/login?url=https://search.ebscohost.com/login.aspx?direct=true&db=bsu&AN=7736644")
            == "https://search.ebscohost.com/login.aspx?direct=true&db=bsu&AN=7736644")


def test_other_addresses_stay_as_they_are():
    for url in ("https://example.org/ezproxy/a", "https://github.com/x/ezproxy", "https://ezproxy.example.org/",
                "https://a.ezproxy.b.edu/x", "https://ezproxy.lib.vt.edu/login?url=javascript:alert(1)", "http://[", "not a url"):
        assert unproxied(url) == url


def test_a_library_entry_saved_through_a_proxy_publishes_the_publishers_links():
    text = ("@article{a, title = {Proxied}, url = {https://doi-org.ezproxy.lib.vt.edu/10.1145/3292500.3330701},\n"
            "  howpublished = {\\url{https://poly-chemnetbase-com.ezproxy.lib.vt.edu/isbn/978-1}}}\n")
    [record], problems = parse_source(Path("list.bib"), text.encode(), "sources/list.bib", ReadSettings())
    assert problems == []
    assert record.doi == "10.1145/3292500.3330701"
    assert dict(record.links) == {"doi": "https://doi.org/10.1145/3292500.3330701"}
    assert "ezproxy" not in record.bibtex and "https://poly.chemnetbase.com/isbn/978-1" in record.bibtex
    # Any link a reader found, and any address in the abstract, is cleaned the same way.
    paper = clean_paper(Paper(key="k", title="T", abstract="See https://www-jstor-org.ezproxy.lib.vt.edu/stable/2 too.",
                              links={"url": "https://ezproxy.lib.vt.edu/login?url=https://github.com/a/b"}))
    assert paper.links == {"code": "https://github.com/a/b", "project": "https://www.jstor.org/stable/2"}
    # A proxied address that names no kind of its own keeps the kind its source gave it: an
    # EBSCOhost record is no project page.
    ebsco = clean_paper(Paper(key="k", title="T", links={"url": "https://ezp.sub.su.se/login?url=http://search.ebscohost.com/login.aspx?direct=true&AN=1"}))
    assert ebsco.links == {"url": "http://search.ebscohost.com/login.aspx?direct=true&AN=1"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab.-:/?=&%#@[]ez") + ["ezproxy", "https://", "login?url=", "--", "libproxy"]),
                max_size=40).map("".join))
def test_any_text_gives_text_back(text):
    assert isinstance(unproxied(text), str) and isinstance(unproxied_text(text), str)


def test_time_is_linear_in_the_length():
    def took(size: int) -> float:
        text = "https://a-b.ezproxy.c.edu/" + "x" * size + " " + "https://ezproxy.c.edu/login?url=" * (size // 40)
        start = time.perf_counter()
        unproxied_text(text)
        return time.perf_counter() - start
    took(100)
    small, large = min(took(2_000) for _ in range(3)), min(took(20_000) for _ in range(3))
    assert large < 25 * small + 0.05, (small, large)


def test_parameters_that_name_a_library_or_a_session_are_not_published():
    # ProQuest's `accountid`, EBSCOhost's `custid` and Gale's `u` name the library a person
    # reads through; `;jsessionid=` and `PHPSESSID` are a server's session, written into the address.
    assert published_address("https://www.proquest.com/docview/1859481327?accountid=14512") == "https://www.proquest.com/docview/1859481327"
    assert (published_address("https://search.proquest.com/docview/1/fulltextPDF/2?accountid=14826&pq-origsite=gscholar")
            == "https://search.proquest.com/docview/1/fulltextPDF/2?pq-origsite=gscholar")
    assert (published_address("https://ezproxy.lib.vt.edu/login?url=https://search.proquest.com/docview/1?accountid=14826")
            == "https://search.proquest.com/docview/1")
    assert (published_address("https://search.ebscohost.com/login.aspx?direct=true&db=aph&AN=117372971&site=ehost-live&custid=s8863137")
            == "https://search.ebscohost.com/login.aspx?direct=true&db=aph&AN=117372971&site=ehost-live")
    assert (published_address("https://link.gale.com/apps/doc/A4321/AONE?u=mlin_oweb&sid=googleScholar&xid=7e0c")
            == "https://link.gale.com/apps/doc/A4321/AONE?sid=googleScholar&xid=7e0c")
    assert (published_address("https://ieeexplore.ieee.org/document/1234;jsessionid=8F3A2B1C9D?arnumber=1234#sec")
            == "https://ieeexplore.ieee.org/document/1234?arnumber=1234#sec")
    assert published_address("http://example.org/paper.php?id=7&PHPSESSID=9a8b7c") == "http://example.org/paper.php?id=7"
    assert published_address("http://catalog.example.edu/record.cfm?id=77&CFID=1234567&CFTOKEN=89012345") == "http://catalog.example.edu/record.cfm?id=77"
    # ScienceDirect's old addresses, as Google Scholar saved them: the account, the user and the
    # checksum over them go; the article's own parameters stay.
    assert (published_address("http://www.sciencedirect.com/science?_ob=ArticleURL&_udi=B6V0D-4B2MRXN-1&_user=10"
                              "&_coverDate=06%2F30%2F2004&_rdoc=1&_fmt=high&_orig=search&_acct=C000050221"
                              "&_version=1&_urlVersion=0&_userid=10&md5=3c6cd3a8f1d6c1a4e0e4c3a0d1b2f3e4")
            == "http://www.sciencedirect.com/science?_ob=ArticleURL&_udi=B6V0D-4B2MRXN-1&_coverDate=06%2F30%2F2004"
               "&_rdoc=1&_fmt=high&_orig=search&_version=1&_urlVersion=0")
    assert (published_address("http://apps.webofknowledge.com/full_record.do?product=WOS&search_mode=GeneralSearch&qid=1"
                              "&SID=5Bz1hGdDpQpbJcE7Xk2&page=1&doc=3")
            == "http://apps.webofknowledge.com/full_record.do?product=WOS&search_mode=GeneralSearch&qid=1&page=1&doc=3")
    assert published_text("\\url{https://www.proquest.com/docview/1?accountid=5}") == "\\url{https://www.proquest.com/docview/1}"
    # A citation publishes its addresses the same way.
    text = "@misc{a, title = {T}, howpublished = {\\url{https://www.proquest.com/docview/1?accountid=5}}}\n"
    [record], _ = parse_source(Path("list.bib"), text.encode(), "sources/list.bib", ReadSettings())
    assert "howpublished = {\\url{https://www.proquest.com/docview/1}}" in record.bibtex


def test_an_ebook_platforms_address_that_names_the_library_is_not_published():
    # Ebook Central's and ebrary's `/lib/<library>/` opens only for that library's members.
    assert published_address("https://ebookcentral.proquest.com/lib/uql/detail.action?docID=4733610") is None
    assert published_address("http://site.ebrary.com/lib/oxford/Doc?id=10218520") is None
    assert (published_address("https://ebookcentral.proquest.com/lib/ucl/reader.action?docID=1; https://doi.org/10.4324/1")
            == "https://doi.org/10.4324/1")
    text = "@book{b, title = {B}, url = {https://ebookcentral.proquest.com/lib/uql/detail.action?docID=4733610}}\n"
    [record], _ = parse_source(Path("list.bib"), text.encode(), "sources/list.bib", ReadSettings())
    assert dict(record.links) == {}


def test_parameters_that_are_part_of_a_papers_address_stay():
    for url in ("https://www.jstor.org/stable/123?seq=1", "https://example.org/a?accountid=5&u=2",
                "https://www.sciencedirect.com/science/article/pii/S0004370221000862?via%3Dihub",
                "https://www.webofscience.com/wos/woscc/full-record/WOS:000270372400005",
                "https://ebookcentral.proquest.com/lib/detail.action?docID=1", "https://example.org/lib/uql/x",
                "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/?sid=abc&token=x", "https://www.proquest.com/docview/1?u=2",
                "https://search.ebscohost.com/login.aspx?direct=true&db=aph&AN=1&scope=site", "https://a.org/x;jsession=1"):
        assert published_address(url) == url


# One paper in each format whose link fields hold what a person's library saved: an address
# of a private network or of this machine, a proxy's login, a library's account.
PRIVATE_LINKS = {
    "list.ris": ("TY  - JOUR\nTI  - Private Links in RIS\nUR  - http://10.0.9.3/library/ris.pdf\n"
                 "UR  - https://www.proquest.com/docview/1859481327?accountid=14512\nER  - \n"),
    "zotero.json": ('[{"type": "article-journal", "title": "Private Links in CSL JSON", "id": "a",'
                    ' "URL": "http://192.168.1.20/zotero/storage/csl.pdf"},'
                    ' {"type": "article-journal", "title": "Proxied Links in CSL JSON", "id": "b",'
                    ' "URL": "https://ezproxy.lib.vt.edu/login?url=https://github.com/csl/code"}]'),
    "list.jsonl": ('{"title": "Private Links in JSON Lines", "abstract": "A.", "links": {"pdf": "http://127.0.0.1:8000/jsonl.pdf",'
                   ' "project": "https://lab.example.org/jsonl;jsessionid=8F3A2B1C"}}\n'),
    "2024-03-14.json": ('[{"paper": {"id": "2403.07487", "title": "Private Links in Daily Papers", "summary": "S.",'
                        ' "githubRepo": "http://localhost:3000/me/daily", "projectPage": "file:///Users/me/daily.html"}}]'),
}


def test_every_formats_links_are_published_as_a_bibtex_url_is():
    links = {}
    for name, text in PRIVATE_LINKS.items():
        records, problems = parse_source(Path(name), text.encode(), f"sources/{name}", ReadSettings())
        assert problems == [], name
        links.update({record.title: dict(record.links) for record in records})
    assert links == {
        "Private Links in RIS": {"url": "https://www.proquest.com/docview/1859481327"},
        "Private Links in CSL JSON": {},
        # Behind the proxy is code: a link of that kind, as the cleaning stage makes it.
        "Proxied Links in CSL JSON": {"code": "https://github.com/csl/code"},
        "Private Links in JSON Lines": {"project": "https://lab.example.org/jsonl"},
        "Private Links in Daily Papers": {"arxiv": "https://arxiv.org/abs/2403.07487", "pdf": "https://arxiv.org/pdf/2403.07487"},
    }


def test_pages_and_the_papers_list_publish_no_private_address(project):
    for name, text in PRIVATE_LINKS.items():
        project.add_source(name, text)
    project.generate()
    published = [path.read_text("utf-8") for path in project.paper_pages()] + [(project.docs / "papers.json").read_text("utf-8")]
    assert len(published) == 6
    for text in published:
        for private in ("10.0.9.3", "192.168.", "127.0.0.1", "localhost", "file:", "accountid", "jsessionid", "ezproxy"):
            assert private not in text
    pages = {frontmatter.loads(text)["title"]: frontmatter.loads(text).get("links", {}) for text in published[:-1]}
    assert pages["Private Links in RIS"] == {"url": "https://www.proquest.com/docview/1859481327"}
    assert pages["Proxied Links in CSL JSON"] == {"code": "https://github.com/csl/code"}


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "0x7f.1", "127.1", "10.1", "3232235777"])
def test_an_address_of_this_machine_or_a_private_network_written_as_browsers_also_read_it_is_not_published(host):
    # 127.0.0.1, 10.0.0.1 and 192.168.1.1 as the URL standard parses them.
    assert published_address(f"http://{host}/paper.pdf") is None
    assert published_address(f"http://{host}/paper.pdf https://example.org/paper") == "https://example.org/paper"


@pytest.mark.parametrize("url", ["http://134744072/x", "https://123.example/x", "https://1.2.3.4.5/x", "https://0x.org/x"])
def test_public_numbers_and_names_of_digits_stay_published(url):
    assert published_address(url) == url


@pytest.mark.parametrize(("field", "published"), [
    # EndNote's BibTeX of a Web of Science library (its `url`), a Papers library exported by JabRef, a
    # German thesis library: a search for the title, no address of the paper.
    ("http://scholar.google.com/scholar?q=The%20enthesis%20organ%20concept%20and%20its%20relevance%20to%20the"
     "%20spondyloarthropathies&btnG=&hl=en&num=20&as_sdt=0%2C22", None),
    ("http://scholar.google.com/scholar?hl=en&btnG=Search&q=intitle:Killzone+2+Multiplayer+Bots#0", None),
    ("http://scholar.google.de/scholar?hl=de\\&q=Capital+regulation+and+risk+sharing\\&btnG=\\&lr=\\#0", None),
    ("https://scholar.google.com/scholar_lookup?title=Deep%20residual%20learning", None),
    ("https://www.google.com/search?q=attention+is+all+you+need", None),
    # The next address of the field is the paper's; a scholar's profile and a book's page are pages of their own.
    ("http://scholar.google.com/scholar?q=x https://doi.org/10.1000/182", "https://doi.org/10.1000/182"),
    ("https://scholar.google.com/citations?user=JicYPdAAAAAJ", "https://scholar.google.com/citations?user=JicYPdAAAAAJ"),
    ("https://www.google.com/books/edition/_/PzhQydl-QD8C", "https://www.google.com/books/edition/_/PzhQydl-QD8C"),
])
def test_a_search_engines_page_of_results_is_no_address_of_the_paper(field, published):
    assert published_address(field) == published


def test_a_login_on_a_universitys_host_not_named_a_proxy_leads_to_its_target():
    # judgelord/dissertation at a82c5e5, assets/dissertation.bib (Mendeley): Tarleton State's EZproxy.
    value = ("https://zeus.tarleton.edu/login?url=http://search.ebscohost.com/login.aspx?direct=true{\\&}db=bth"
             "{\\&}AN=5239619{\\&}site=ehost-live")
    assert published_address(value) == "http://search.ebscohost.com/login.aspx?direct=true{\\&}db=bth{\\&}AN=5239619{\\&}site=ehost-live"
    # A login on a university's site that leads nowhere else stays what it is.
    assert unproxied("https://www.cs.cornell.edu/login") == "https://www.cs.cornell.edu/login"


@pytest.mark.parametrize(("value", "first"), [
    # DasterSociety/Bibliography at 9e878b3, zotero.bib: two addresses with nothing between them.
    ("https://doi.org/10.1017/S002202992000062Xhttps://www.cambridge.org/core/product/identifier/S002202992000062X/type/journal_article",
     "https://doi.org/10.1017/S002202992000062X"),
    ("http://dx.doi.org/10.1016/j.aca.2013.04.064https://linkinghub.elsevier.com/retrieve/pii/S0003267013006454",
     "http://dx.doi.org/10.1016/j.aca.2013.04.064"),
    # judgelord/dissertation at a82c5e5, assets/dissertation.bib.
    # A repository's collection glued to its paper's page: the paper's.
    ("http://scholarship.law.cornell.edu/cerihttp://scholarship.law.cornell.edu/ceri/17", "http://scholarship.law.cornell.edu/ceri/17"),
    ("http://scholarship.law.cornell.edu/facpubhttp://scholarship.law.cornell.edu/facpub/1243"
     "http://dx.doi.org/10.1332/174426514X13990325021128", "http://scholarship.law.cornell.edu/facpub/1243"),
    # Written apart, a page and its PDF are two addresses; the first is published.
    ("http://iopscience.iop.org/1367-2630/10/2/025001 http://iopscience.iop.org/1367-2630/10/2/025001/pdf/1367-2630_10_2_025001.pdf",
     "http://iopscience.iop.org/1367-2630/10/2/025001"),
    # An address inside another's path or query is part of it.
    ("https://web.archive.org/web/20200101000000/https://example.org/a", "https://web.archive.org/web/20200101000000/https://example.org/a"),
    ("https://scholar.google.com/scholar_url?url=https://example.org/a", "https://scholar.google.com/scholar_url?url=https://example.org/a"),
])
def test_addresses_glued_together_are_published_as_the_first(value, first):
    assert published_address(value) == first
