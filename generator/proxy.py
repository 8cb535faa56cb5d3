"""Library proxy addresses turned back into the publisher's own.

A person reading through their library's EZproxy saves addresses such as
`https://doi-org.ezproxy.lib.vt.edu/10.1145/1`,
`https://www-sciencedirect-com.proxy.library.georgetown.edu/…` or
`https://ezproxy.lib.vt.edu/login?url=https://www.jstor.org/stable/1`; some
universities' proxies are named by no `proxy` label
(`https://doi-org-s.libyc.nudt.edu.cn:443/10.…`, Danish libraries'
`http://www.jstor.org.ep.fjernadgang.kb.dk/…`). Published,
such a link asks every visitor to log in to that library, and names the person's
institution. EZproxy's "proxy by host name" writes the publisher's host with each
`.` as `-` and each `-` as `--`, followed by the proxy's own host; its login address
carries the publisher's address in `url` or `qurl`. Older proxies by host name write the
publisher's whole host before their own (`www.pnas.org.bibliotecasibe.ecosur.mx:2048`);
a proxy by port gives each publisher a port of its own host, and such an address, as
any page of a proxy's own host, names no publisher: it is not published, nor is an
address whose host holds a proxy's name after a word of its own but no publisher's
(`scopus.unalproxy.elogim.com`). A university VPN writes the publisher's host into
the path (`/article/,DanaInfo=link.springer.com+BF00349014`). OCLC hosts libraries' EZproxy
as `<library>.idm.oclc.org`, the publisher's host before it in either form; OpenAthens'
redirector names the institution in its path and the paper in `url`, LibKey's link the
library's number before the paper's DOI or PubMed id.

A library's field may hold several addresses (Mendeley joins them with spaces,
CiteSeer with `;`), among them a proxy's, a link resolver's (an OpenURL such as
`sfx.library.uu.nl/utrecht?sid=OVID:psycdb&id=doi:…&atitle=…`, which names the library
and opens only for its members) or one of a private network: `published_address` picks
the one address a page and a citation publish, and publishes none of these.

An address may also carry what names the person's library or session beside the
paper's own address: ProQuest's `accountid`, EBSCOhost's `custid`, Gale's `u`,
ScienceDirect's `_acct`, `_user` and `_userid` (with the `md5` that signs them), its
reader's `token`, Web
of Science's session `SID`, JSTOR's `uid` and `sid`, HighWire's session `sid=<UUID>`, Google Scholar's `casa_token`, a server's session in
`;jsessionid=`, `PHPSESSID` or ColdFusion's `CFID` and `CFTOKEN`. Those parameters are left out of a published
address (`unidentified`); every other parameter is kept, since it may be what finds
the paper. An ebook platform's address that names the library in its path
(ProQuest Ebook Central's and ebrary's `/lib/<library>/`) opens only for that
library's members and has no public form: it is not published.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qs, urlsplit, urlunsplit

from generator.field_addresses import JOINED_RECORD, NEXT_ADDRESS, RECORD_AHEAD, SCHEME_AHEAD, URL_IN_TEXT, matches

# OCLC's hosted EZproxy: each library's proxy is `<library>.idm.oclc.org`, the publisher's
# host written before it (`www-jstor-org.elon.idm.oclc.org`, `www.jstor.org.elon.idm.oclc.org`).
OCLC_HOSTED = ".idm.oclc.org"
# Third Iron's LibKey link for one library: its number, then the paper's DOI or `pmid/<id>`.
LIBKEY_LIBRARY = re.compile(r"^/libraries/\d+/(?:(10\.\d{4,9}/.+)|pmid/(\d+)/?$|.*)", re.IGNORECASE)
# OpenAthens' redirector, which sends a member of the institution named in its path to `url`.
OPENATHENS_REDIRECTOR = "go.openathens.net"
# A label of the proxy's host as libraries name it: ezproxy, libproxy, ezp, ezproxy2, …
PROXY_LABEL = re.compile(r"^(?:ez|lib)proxy\d*$|^ezp\d*$", re.IGNORECASE)
# A label that names a proxy among a university's hosts (`proxy.library.georgetown.edu`,
# `rproxy.sc.univ-paris-diderot.fr`, `biblioproxy.cnr.it`), or any host's: what comes before
# it is taken for a publisher's host only when it ends as one.
ANY_PROXY_LABEL = re.compile(r"^[a-z]*proxy\d*$", re.IGNORECASE)
# A label that names a proxy after a word of its own (`unalproxy`, `libproxy2`), not one that is
# only the word, which public services also use (`proxy.golang.org`).
NAMED_PROXY_LABEL = re.compile(r"^[a-z]+proxy\d*$", re.IGNORECASE)
# How the publishers' hosts behind proxies end: `.com`, `.org`, …, `.co.uk`, `.ac.jp`.
PUBLISHER_HOST_END = re.compile(r"\.(?:com|org|net|edu|gov|int|io|info|eu)$|\.(?:co|ac|or|go|ne|com|org|edu|gov)\.[a-z]{2}$", re.IGNORECASE)
# A publisher's host as a proxy by host name writes it in its first label (`www-sciencedirect-com`),
# some (WebVPN) with `-s` for HTTPS or the port (`doi-org-s`, `www-nature-com-443`) after it.
PROXIED_HOST_LABEL = re.compile(r"^((?:[a-z0-9]+(?:--[a-z0-9]+)*-)+[a-z]{2,6})(?:-s|-\d{2,5})?$", re.IGNORECASE)
# A proxy's own host that no `proxy` label names: a university's (`libyc.nudt.edu.cn`).
ACADEMIC_LABELS = frozenset({"edu", "ac"})
# Labels of a library's own hosts: `lib…` and `bib…` (library, Bibliothek, biblioteca), a VPN's,
# the national libraries' `kb` (Denmark's, the Netherlands', Sweden's) and Danish libraries'
# "remote access" (`www.jstor.org.ep.fjernadgang.kb.dk`).
LIBRARY_LABEL = re.compile(r"^(?:lib|bib)|vpn|^kb$|^fjernadgang$", re.IGNORECASE)
# Looked for before any address is parsed, as most text names no proxy: what every proxied
# address above holds somewhere (`.edu`: a university's proxy by host name), a port aside.
PROXY_MARKS = ("proxy", "ezp", "idm.oclc.org", "openathens", "libkey.io/libraries/", ".edu", ".ac.", ".kb.", "fjernadgang", "vpn", ".lib", ".bib", "danainfo=")
# A university SSL VPN's mark of the publisher's host in a path (`/article/,DanaInfo=link.springer.com+x`).
DANA_INFO = re.compile(r",DanaInfo=([a-z0-9.-]+\.[a-z]{2,})(?:,[^+/?#]*)?\+?", re.IGNORECASE)
# A country's top-level domain, which a publisher's whole host before a library's may end in
# (`apps.infomedia.dk.ep.fjernadgang.kb.dk`) when a library label follows it.
COUNTRY_END = re.compile(r"\.[a-z]{2}$", re.IGNORECASE)
# An address on a port of its own (`:2048`, EZproxy's): a proxy's, when its host says so.
EXPLICIT_PORT = re.compile(r"://[^/\s?#]*:\d+(?:[/?#\s]|$)")
# A publisher's whole host before a host of three or more names in a country's domain:
# a library's proxy that no label names (`www.oxfordmusiconline.com.zorac.aub.aau.dk`).
HOST_BEFORE_HOST = re.compile(r"://[^/\s?#]*\.(?:com|org|net|edu|gov)(?:\.[a-z0-9-]+){2,}\.[a-z]{2}(?:[/?#:\s]|$)", re.IGNORECASE)
WEB = re.compile(r"^\s*(?:\\url\s*\{?\s*)?(?:https?|ftp)://", re.IGNORECASE)
# Parameters that name the subscriber, by the host (and its sub-domains) that writes them.
SUBSCRIBER_PARAMETERS = {
    "proquest.com": frozenset({"accountid"}),
    "ebscohost.com": frozenset({"custid"}),
    "gale.com": frozenset({"u"}),
    "galegroup.com": frozenset({"u"}),
    # Old `science?_ob=ArticleURL` addresses, as Google Scholar and Zotero saved them.
    "sciencedirect.com": frozenset({"_acct", "_user", "_userid", "md5"}),
    # ScienceDirect's reader gives each reader's copy a token of its own.
    "reader.elsevier.com": frozenset({"token"}),
    # JSTOR's old `discover` addresses: the reader's account and session.
    "jstor.org": frozenset({"uid", "sid"}),
    "webofknowledge.com": frozenset({"sid"}),
    "webofscience.com": frozenset({"sid"}),
}
# Names that only a home's, an office's or this machine's network resolves: `.home.arpa` and
# `.local` (RFC 8375, 6762), `.localhost` and `.internal`, and those routers and companies use.
PRIVATE_HOST_ENDS = (".local", ".localhost", ".home.arpa", ".internal", ".lan", ".localdomain", ".intranet",
                     ".corp", ".home", ".private")
PRIVATE_HOST_ENDS_BARE = frozenset(end[1:] for end in PRIVATE_HOST_ENDS)
# The user name and password an address may carry before its host (up to its last `@`, as
# browsers read it).
CREDENTIALS = re.compile(r"^((?:https?|ftp)://)[^/?#\s]*@", re.IGNORECASE)
# Hosts whose paths name the library (`/lib/<library>/…`), by the path's first part.
LIBRARY_IN_PATH = {"ebookcentral.proquest.com": "lib", "site.ebrary.com": "lib"}
# The keys of an OpenURL (Z39.88) query, by which a library's link resolver (SFX, 360 Link) finds
# the library's copy of a paper: beside a `sid`, two of them make a resolver's address.
OPENURL_KEY = re.compile(r"(?:^|&)(atitle|aulast|aufirst|spage|epage|genre|url_ver|rft\.[a-z_]+|id=(?:doi|pmid))[=:]", re.IGNORECASE)
# A server's session, which some servers write into the address when a browser refuses cookies:
# Java's, PHP's, ColdFusion's.
SESSION_PARAMETERS = frozenset({"jsessionid", "phpsessid", "cfid", "cftoken",
                                # Google Scholar's "via your library" token (Campus Activated Subscriber Access).
                                "casa_token"})
SESSION_IN_PATH = re.compile(r";jsessionid=[^/?#;]*", re.IGNORECASE)
# Between a query's parameters: `&`, or `&` as a BibTeX field escapes it.
QUERY_SEPARATOR = re.compile(r"(\{\\&\}|\\&|&)")
# HighWire's journals (PNAS, JBC, …) give each visit a session as `sid=<UUID>`.
SESSION_UUID = re.compile(r"^sid=[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$", re.IGNORECASE)


def unproxied(url: str) -> str:
    """The publisher's address behind a library proxy's, else `url` as it is."""
    vpn = DANA_INFO.search(url)
    try:
        if vpn:
            # A university's SSL VPN (Pulse, Juniper) writes the publisher's host into the path:
            # `vpn.lib.ucdavis.edu/article/10.1007/,DanaInfo=link.springer.com+BF00349014`.
            before = urlsplit(url[: vpn.start()])
            return f"{before.scheme}://{vpn.group(1)}{before.path or '/'}{url[vpn.end():]}"
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    labels = host.split(".")
    library_link = LIBKEY_LIBRARY.match(parts.path) if host.lower() == "libkey.io" else None
    if library_link:
        # LibKey's link for one library (`libkey.io/libraries/235/pmid/30778736`): the paper by its DOI or
        # PubMed id, as anyone opens it; another target of the library's has no public form.
        doi, pmid = library_link.groups()
        return f"https://doi.org/{doi}" if doi else f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else url
    if host.lower() == OPENATHENS_REDIRECTOR and parts.path.lower().startswith("/redirector/"):
        # OpenAthens' link for one institution (`/redirector/ucsd.edu?url=https%3A%2F%2F…`): its target is the paper.
        target = _login_target(parts.query, parts.fragment)
        return unproxied(target) if target.lower().startswith(("http://", "https://")) else url
    if parts.path.lower() in ("/login", "/login/") and (ACADEMIC_LABELS & set(labels) or _names_library(labels)):
        # EZproxy's login on a university's host that is not named a proxy (`zeus.tarleton.edu/
        # login?url=http://search.ebscohost.com/…`): it names the library; its target is the paper.
        target = _login_target(parts.query, parts.fragment)
        if target.lower().startswith(("http://", "https://")):
            return unproxied(target)
    at = next((index for index, label in enumerate(labels) if PROXY_LABEL.match(label)), None)
    if at is None and host.lower().endswith(OCLC_HOSTED):
        at = len(labels) - 4  # the library's own label before `idm.oclc.org`
    checked = at is None  # a host named by no ezproxy label: a publisher's host only if it ends as one
    if at is None:
        at = next((index for index, label in enumerate(labels) if ANY_PROXY_LABEL.match(label)), None)
    if at is None:
        at = _library_host_after(labels, _explicit_port(parts))
        checked = checked and at is None  # its publisher's host was checked there
    if at is None:
        found = PROXIED_HOST_LABEL.match(labels[0])
        if found is None or not _proxied_by_name(found, labels[1:]) or \
                not (ACADEMIC_LABELS & set(labels[1:]) or _names_library(labels[1:-1])):
            return url
        labels[0], at = found.group(1), 1
    if at == 0 or parts.path.lower().startswith("/login"):
        target = _login_target(parts.query, parts.fragment)
        # The target may be the proxy's own address of the paper (`login?url=https://search-proquest-
        # com.ezproxy3.library.arizona.edu/…`); it is shorter than `url`, so this ends.
        return unproxied(target) if target.lower().startswith(("http://", "https://")) else url
    publisher = ".".join(labels[:at])
    if at == 1:
        # One label is the publisher's host written by a proxy by host name: `--` is a hyphen
        # of it, a single `-` one of its dots; Innovative's proxy puts `0-` before it
        # (`0-pubs-acs-org.biblioteca-ils.tec.mx`). A whole host (`www.palgrave-journals.com.
        # ep.fjernadgang.kb.dk`) keeps its hyphens.
        publisher = publisher.removeprefix("0-") if publisher.count("-") > 1 else publisher
        publisher = ".".join(part.replace("\0", "-") for part in publisher.replace("--", "\0").replace("-", ".").split("."))
    if "." not in publisher or checked and not PUBLISHER_HOST_END.search(publisher):
        return url
    return urlunsplit((parts.scheme, publisher, parts.path, parts.query, parts.fragment))


def _proxied_by_name(found: re.Match, rest: list[str]) -> bool:
    """Whether a university's host whose first label has hyphens is a proxy's (`doi-org-s.libyc.
    nudt.edu.cn`, `www-nature-com-443.webvpn.zju.edu.cn`), not a department's own
    (`www-int.stsci.edu`, `data-gov.cs.ucl.ac.uk`, `ai-org.cs.ubc.edu`): its label ends in
    `-s` or a port, or a label after it names a library or a VPN, or it writes a host of
    three or more names (`www-sciencedirect-com`)."""
    marked = found.group(0) != found.group(1)
    return marked or _names_library(rest) or found.group(1).replace("--", "").count("-") >= 2


def _names_library(labels: list[str]) -> bool:
    """Whether one of a host's labels names a library, a VPN or a library's remote access."""
    return any(LIBRARY_LABEL.search(label) for label in labels)


def _explicit_port(parts) -> bool:
    """Whether an address names a port other than its scheme's own."""
    try:
        return parts.port not in (None, 80, 443)
    except ValueError:
        return False


def _library_host_after(labels: list[str], on_port: bool) -> int | None:
    """Where a library's host begins after a publisher's whole host, as older proxies by host
    name write them (`www.pnas.org.bibliotecasibe.ecosur.mx:2048`): the publisher's host
    ends as one, and the rest is a university's or a library's, or is reached on a port of
    its own; a publisher's host that ends in a country's domain only before a library's. A
    library's host of three or more names in a country's domain or in `.edu` is one too, though no
    label names it so (Aalborg's `www.oxfordmusiconline.com.zorac.aub.aau.dk`, Barcelona's
    `muse.jhu.edu.sire.ub.edu`): no public host
    writes a whole `.com` host before a host of its own there, while a bucket of a cloud
    (`papers.example.org.s3.amazonaws.com`) ends in no country's domain."""
    for at in range(2, len(labels) - 1):
        if labels[at - 2].lower() == "www":
            continue  # `www.net`, `www.edu`: a host's first labels (TUM's `www.net.in.tum.de`), no publisher's whole host
        rest, publisher = labels[at:], "." + ".".join(labels[:at])
        library = _names_library(rest[:-1])
        university = ACADEMIC_LABELS & set(rest[:-1]) or len(rest) >= 3 and (COUNTRY_END.search("." + rest[-1]) or rest[-1] in ACADEMIC_LABELS)
        if len(rest) >= 2 and (PUBLISHER_HOST_END.search(publisher) and (on_port or library or university)
                               or COUNTRY_END.search(publisher) and at >= 3 and library):
            return at
    return None


def _login_target(query: str, fragment: str) -> str:
    """The address a login link leads to. EZproxy reads `url` as the rest of the link, `&`s
    and all (`url=https://x.org/a?b=1&c=2`); `qurl` and an encoded `url` are one parameter."""
    plain = re.search(r"(?:^|&)url=(https?://.*)$", query, re.IGNORECASE | re.DOTALL)
    if plain:
        return plain.group(1) + (f"#{fragment}" if fragment else "")
    return next((value for key in ("url", "qurl") for value in parse_qs(query).get(key, [])), "")


def unproxied_text(text: str) -> str:
    """`text` with each proxied web address in it replaced by the publisher's."""
    lowered = text.lower()
    if any(mark in lowered for mark in PROXY_MARKS) or EXPLICIT_PORT.search(text) or HOST_BEFORE_HOST.search(text):
        return URL_IN_TEXT.sub(lambda match: unproxied(match.group()), text)
    return text


def unidentified(url: str) -> str:
    """`url` without the parameters that name a person's library or session (see above)."""
    if "=" not in url:
        return url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return url
    dropped = set(SESSION_PARAMETERS)
    for domain, names in SUBSCRIBER_PARAMETERS.items():
        if host == domain or host.endswith("." + domain):
            dropped.update(names)
    path = SESSION_IN_PATH.sub("", parts.path)
    # Split by hand, not parsed and encoded again: the parameters kept stay byte for byte, and
    # so does each `&` before them, also as a BibTeX field escapes it (Mendeley's `{\&}`).
    pieces = QUERY_SEPARATOR.split(parts.query)
    kept = [(separator, piece) for separator, piece in zip(["", *pieces[1::2]], pieces[::2])
            if piece.partition("=")[0].lower() not in dropped and not SESSION_UUID.match(piece)]
    query = "".join((separator if index else "") + piece for index, (separator, piece) in enumerate(kept))
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def published_text(text: str) -> str:
    """`text` with each web address in it as the publisher's own, without the parameters that
    name a library or session: what `published_address` makes of the address it picks, for
    text such as a citation's `howpublished`; a library's own record joined to it is left out."""
    if "://" in text:
        kept, last = [], 0
        for start, end in matches(JOINED_RECORD, text, RECORD_AHEAD):
            kept.append(text[last:start])
            last = end
        text = "".join(kept) + text[last:]
    return URL_IN_TEXT.sub(lambda match: unidentified(match.group()), unproxied_text(text)) if "=" in text else unproxied_text(text)


def published_address(value: str) -> str | None:
    """The first web address of a field that any visitor can open, as the publisher's own;
    None when it has none (`file:///Users/…`, `http://10.0.9.3/…`)."""
    value_text, pieces, last = value.strip(), [], 0
    for start, end in matches(NEXT_ADDRESS, value_text, SCHEME_AHEAD):
        pieces.append(value_text[last:start])
        last = end
    pieces.append(value_text[last:])
    for piece, following in zip(pieces, [*pieces[1:], ""]):
        if following.startswith(piece.rstrip("/") + "/") and piece + following in value:
            continue  # a repository's collection glued to its paper's page (`…/facpubhttp://…/facpub/1243`)
        if WEB.match(piece):
            # Exports that went through HTML or XML (old DBLP) escape the `&` of a query.
            address = _without_credentials(published_text(piece.replace("&amp;", "&")))
            if _public(address) and not SEARCH_PAGE.match(address):
                return address
    return None


# A search engine's page of results for the paper's title (EndNote and Papers save one as its
# `url`): no address of the paper, which its DOI or the next address names better.
SEARCH_PAGE = re.compile(r"^https?://(?:www\.)?(?:scholar\.google|google)\.[a-z.]+/(?:scholar(?:_lookup)?|search)\b", re.IGNORECASE)


def _without_credentials(url: str) -> str:
    """`url` without a user name and password (`https://jdoe:secret@host/…`): the address
    stays, what opens it for one person does not."""
    match = CREDENTIALS.match(url)
    return match.group(1) + url[match.end():] if match else url


def _public(url: str) -> bool:
    """False for an address of this machine or of a private network, which only its owner
    reaches, or one that names a library in its path, which only the library's members open."""
    try:
        parts = urlsplit(URL_IN_TEXT.search(url).group())
        host = (parts.hostname or "").lower()
    except (AttributeError, ValueError):
        return True
    host = host.rstrip(".")  # `diskstation.local.` is `diskstation.local`
    if host.endswith(PRIVATE_HOST_ENDS) or host in PRIVATE_HOST_ENDS_BARE:
        return False  # a home's or an office's network's name, this machine's
    if host.endswith(OCLC_HOSTED) or host == OPENATHENS_REDIRECTOR or host == "libkey.io" and parts.path.startswith("/libraries/"):
        return False  # a page of a library's hosted proxy that names no publisher: for its members only
    first, *others = host.split(".")
    if PROXY_LABEL.match(first) or ANY_PROXY_LABEL.match(first) and (_explicit_port(parts) or ACADEMIC_LABELS & set(others)):
        return False  # a library proxy's own page, or a publisher's through its port: for its members only
    if any(PROXY_LABEL.match(label) or NAMED_PROXY_LABEL.match(label) for label in others[:-1]):
        return False  # a proxy's address whose publisher is no host (`scopus.unalproxy.elogim.com`)
    if host in LIBRARY_IN_PATH and parts.path.split("/")[1:2] == [LIBRARY_IN_PATH[host]] and parts.path.count("/") >= 3:
        return False
    if _link_resolver(parts.query):
        return False  # a library's link resolver: it names the library, and opens only for its members
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:  # a name, or a number written as browsers also read it
        number = _browsers_ipv4(host)
        if number is None:
            return "." in host  # a name of one label (`http://wiki/…`) only a local network resolves
        return number.is_global


def _link_resolver(query: str) -> bool:
    """Whether a query is an OpenURL a library's link resolver reads (`sid=OVID:psycdb&id=doi:…
    &atitle=…&spage=646`): the source's `sid`, and two keys that describe the paper."""
    if "sid=" not in query.lower():
        return False
    return len({key.lower().split("=")[0] for key in OPENURL_KEY.findall(query)}) >= 2


# A part of a browser's IPv4 address: hexadecimal, octal (a leading 0) or decimal.
IPV4_PART = re.compile(r"0x[0-9a-f]*|0[0-7]+|[1-9][0-9]*|0")


def _browsers_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a browser reads in `host` written other than as four decimal
    numbers (`2130706433`, `0x7f.1`, `0177.0.0.1`: 127.0.0.1), as the URL standard
    parses it; None for a name."""
    parts = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not 1 <= len(parts) <= 4 or not all(IPV4_PART.fullmatch(part) for part in parts):
        return None
    numbers = [int(part[2:] or "0", 16) if part.startswith("0x") else int(part, 8 if part[0] == "0" else 10) for part in parts]
    *first, last = numbers
    if any(number > 255 for number in first) or last >= 256 ** (5 - len(numbers)):
        return None
    return ipaddress.IPv4Address(sum(number << 8 * (3 - index) for index, number in enumerate(first)) + last)
