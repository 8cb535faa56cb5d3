"""How a paper's tags are made from automatic topics, arXiv categories and a person's
keywords over a whole library, and the curator's report `paper-archive generate` prints."""

from __future__ import annotations

import json
import random
import shutil
import time
from collections import Counter

import frontmatter
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import categories
from generator.cli import main
from generator.model import Paper
from generator.pipeline import tag_paper
from generator.tagging import load_taxonomy
from generator.topics import TagOptions, tag_papers
from tests.conftest import FIXTURES, REPO
from tests.dated_site import text_of

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
FULL = categories.with_categories(TAXONOMY)
NAS = Paper(
    key="title:x",
    title="PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture Search",
    abstract="Differentiable architecture search (DARTS) for neural architecture search with graph neural networks.",
)


def paper(n: int, tags=(), title="A study", abstract="", cats=()) -> Paper:
    return Paper(key=f"title:{n}", title=f"{title} {n}", abstract=abstract, user_tags=tuple(tags), categories=tuple(cats))


def tags_of(papers) -> list[tuple[str, ...]]:
    return [p.tags for p in papers]


# ---------------------------------------------------------------- one paper

def test_own_tags_come_first_and_automatic_ones_follow():
    tagged = tag_paper(NAS.replace(user_tags=("reading group",)), TAXONOMY, TagOptions(keyword_min_papers=1))
    assert tagged.tags[0] == "reading group"
    assert "Neural Architecture Search" in tagged.tags and len(tagged.tags) <= 8


def test_many_own_tags_leave_room_for_two_automatic_ones_within_the_cap():
    own = tuple(f"keyword {n}" for n in range(12))
    tagged = tag_paper(NAS.replace(user_tags=own), TAXONOMY, TagOptions(keyword_min_papers=1))
    assert len(tagged.tags) == 8
    assert tagged.tags[:6] == own[:6] and "Neural Architecture Search" in tagged.tags[6:]


def test_an_own_tag_naming_a_taxonomy_tag_is_that_tag():
    for spelling in ("neural architecture search", "Neural-Architecture-Searches", "NAS"):
        tagged = tag_paper(NAS.replace(user_tags=(spelling,)), TAXONOMY)
        assert [tag.casefold() for tag in tagged.tags].count("neural architecture search") == 1
        assert "Neural Architecture Search" in tagged.tags and spelling not in tagged.tags or spelling == "Neural Architecture Search"


def test_a_paper_without_evidence_or_keywords_has_no_tags():
    assert tag_paper(paper(1, title="Argonauts of the Western Pacific"), TAXONOMY).tags == ()


# ---------------------------------------------------------------- arXiv categories

def test_arxiv_categories_become_tags_with_their_official_names():
    [tagged] = tag_papers([paper(1, cats=("hep-ph", "cs.LG", "math.IT", "alg-geom", "q-bio.NC", "no.such"))], FULL)[0]
    assert tagged.tags == ("High Energy Physics – Phenomenology", "Machine Learning", "Information Theory",
                           "Algebraic Geometry", "Neurons and Cognition")
    assert all(FULL.family_of(tag) == categories.FAMILY for tag in tagged.tags)


def test_a_category_named_like_a_taxonomy_tag_is_that_tag():
    [tagged] = tag_papers([paper(1, cats=("cs.RO", "astro-ph"))], FULL)[0]
    assert tagged.tags == ("Robotics", "Astrophysics")
    assert FULL.family_of("Robotics") == TAXONOMY.family_of("Robotics") != categories.FAMILY
    names = [tag.name.casefold() for tag in FULL.tags]
    assert len(names) == len(set(names)) and len({tag.slug for tag in FULL.tags}) == len(FULL.tags)


def test_keywords_reference_managers_write_for_categories_merge_with_them():
    papers = [paper(n, tags=tags) for n, tags in enumerate(
        [("Computer Science - Machine Learning",), ("cs.LG", "Statistics - Machine Learning"), ("hep-th",)])]
    tagged, report = tag_papers(papers, FULL)
    assert tags_of(tagged) == [("Machine Learning",), ("Machine Learning", "Statistics – Machine Learning"),
                               ("High Energy Physics – Theory",)]
    assert report.untagged == 0 and report.dropped == []


# ---------------------------------------------------------------- a person's keywords

def test_keywords_are_one_tag_whatever_their_case_plural_or_punctuation():
    spellings = ["Optimal transport", "optimal-transport", "OPTIMAL TRANSPORTS", "optimal transport."]
    tagged, _ = tag_papers([paper(n, tags=[s]) for n, s in enumerate(spellings)], FULL)
    assert {p.tags for p in tagged} == {("Optimal transport",)}


def test_workflow_labels_are_dropped_and_reported():
    labels = ["Unread", "to read", "To-Read", "important", "#todo", "_tablet", "Printed", "favourites"]
    tagged, report = tag_papers([paper(n, tags=labels + ["Kula ring"]) for n in range(3)], FULL)
    assert tags_of(tagged) == [("Kula ring",)] * 3
    assert {(d.keyword.casefold(), d.reason) for d in report.dropped} >= {("unread", "workflow label"), ("important", "workflow label")}
    custom, _ = tag_papers([paper(n, tags=["Kula ring", "seminar"]) for n in range(2)], FULL,
                           TagOptions(workflow_labels=("seminars",)))
    assert tags_of(custom) == [("Kula ring",)] * 2


def test_jabref_marks_kept_in_keywords_are_dropped():
    # JabRef writes an entry's priority, rank, quality and relevance marks into
    # `keywords` when it keeps them in sync; its entry editor's spellings.
    marks = ["prio1", "rank4", "qualityAssured", "relevant", "skimmed", "printed"]
    tagged, report = tag_papers([paper(n, tags=["BubbleDynamics", "Validation", *marks]) for n in range(3)], FULL)
    assert tags_of(tagged) == [("BubbleDynamics", "Validation")] * 3
    assert {d.keyword for d in report.dropped if d.reason == "workflow label"} >= {"prio1", "rank4", "qualityAssured", "relevant"}


# Nature's list of subjects, which its pages give every paper and Zotero saves as keywords
# (two Nature papers of the lab library crcox/MASTERBIB, Main.bib, commit 76f5532).
NATURE_SUBJECTS = (
    "astronomy, astrophysics, biochemistry, bioinformatics, biology, biotechnology, cancer, cell cycle, cell signalling, "
    "climate change, Computational Biology, development, developmental biology, DNA, drug discovery, earth science, ecology, "
    "environmental science, evolution, evolutionary biology, functional genomics, genetics, genomics, geophysics, immunology, "
    "interdisciplinary science, life, marine biology, materials science, medical research, medicine, metabolomics, molecular "
    "biology, molecular interactions, nanotechnology, Nature, Neurobiology, neuroscience, palaeobiology, pharmacology, physics, "
    "proteomics, quantum physics, RNA, science, science news, science policy, signal transduction, structural biology, "
    "systems biology, transcriptomics").split(", ")


def test_a_journal_s_list_of_subjects_is_no_tag():
    sleep = paper(1, tags=NATURE_SUBJECTS, title="Sleep-dependent memory consolidation",
                  abstract="Converging evidence leaves little doubt that offline memory reprocessing during sleep shapes memories.")
    tagged, report = tag_papers([sleep, sleep.replace(key="title:2", title="A multimodal language region")], FULL)
    assert tags_of(tagged) == [(), ()]
    assert {d.reason for d in report.dropped} == {"a journal's list of subjects"}
    # A person's own keywords naming one or two fields stay tags.
    own = paper(3, tags=["astrophysics", "machine learning", "Computational Biology"])
    assert set(tag_papers([own], FULL)[0][0].tags) == {"Astrophysics", "Computational Biology", "Machine Learning"}


def test_a_keyword_needs_the_minimum_number_of_papers():
    papers = [paper(1, tags=["Bacon", "Kula ring"]), paper(2, tags=["Kula ring"]), paper(3, tags=["Francis"])]
    tagged, report = tag_papers(papers, FULL)
    assert tags_of(tagged) == [("Kula ring",), ("Kula ring",), ()]
    assert report.untagged == 3
    assert [(d.keyword, d.papers) for d in report.dropped] == [("Bacon", 1), ("Francis", 1)]
    assert tags_of(tag_papers(papers, FULL, TagOptions(keyword_min_papers=1))[0])[0] == ("Bacon", "Kula ring")


def test_an_entry_with_82_keywords_does_not_explode():
    names = ["Bacon", "Francis", "Induction", "Novum Organum", "Idols"] + [f"Index term {n}" for n in range(77)]
    library = [paper(0, tags=names)] + [paper(n, tags=random.Random(n).sample(names, 3)) for n in range(1, 40)]
    tagged, _ = tag_papers(library, FULL)
    assert all(len(p.tags) <= 8 for p in tagged)
    assert len(tagged[0].tags) == 8
    shown = Counter(tag for p in tagged for tag in p.tags)
    assert min(shown.values()) >= 2  # every keyword tag in use is carried by two papers at least


def test_a_thousand_keywords_on_one_paper_take_seconds_and_show_the_cap():
    many = [f"keyword {n}" for n in range(1000)]
    start = time.perf_counter()
    tagged, report = tag_papers([paper(1, tags=many), paper(2, tags=many)], FULL, TagOptions(max_tags=8))
    assert time.perf_counter() - start < 5
    assert [len(p.tags) for p in tagged] == [8, 8]
    assert len(report.dropped) == 992  # cut by the cap on both papers: fewer than two papers show them


def zotero_like_library(size: int = 600) -> list[Paper]:
    """A library as people keep them: a few shared keywords, many used once, workflow
    labels, and Zotero's arXiv subject tags."""
    rng = random.Random(7)
    shared = [f"theme {n}" for n in range(40)]
    arxiv = ["Computer Science - Machine Learning", "Statistics - Machine Learning",
             "Computer Science - Computer Vision and Pattern Recognition", "Physics - Optics"]
    papers = []
    for n in range(size):
        tags = rng.sample(shared, rng.randint(0, 3)) + [f"one-off {n}.{k}" for k in range(rng.randint(0, 4))]
        tags += rng.sample(arxiv, rng.randint(0, 2)) + rng.sample(["Unread", "important", "printed"], rng.randint(0, 1))
        papers.append(paper(n, tags=tags))
    return papers


def test_a_600_paper_library_keeps_a_readable_tag_index():
    tagged, report = tag_papers(zotero_like_library(), FULL)
    counts = Counter(tag for p in tagged for tag in p.tags)
    single = [tag for tag, count in counts.items() if count == 1]
    assert len(single) <= 0.3 * len(counts), single
    assert all(len(p.tags) <= 8 for p in tagged)
    assert "Unread" not in counts and not [tag for tag in counts if tag.startswith("one-off")]
    assert report.dropped[0].papers >= report.dropped[-1].papers


keyword = st.one_of(st.text(max_size=30), st.sampled_from(["Unread", "GNN", "cs.LG", "hep-th", "Bacon", "C++", ""]))


@settings(max_examples=40, deadline=None)
@given(libraries=st.lists(st.lists(keyword, max_size=12), min_size=1, max_size=6),
       max_tags=st.integers(1, 10), minimum=st.integers(1, 3))
def test_any_keywords_give_capped_tags_and_a_consistent_report(libraries, max_tags, minimum):
    papers = [paper(n, tags=tags, abstract="graph neural networks for node classification and GNNs")
              for n, tags in enumerate(libraries)]
    tagged, report = tag_papers(papers, FULL, TagOptions(max_tags=max_tags, keyword_min_papers=minimum))
    counts = Counter(tag for p in tagged for tag in p.tags)
    for p in tagged:
        assert len(p.tags) <= max_tags and len({t.casefold() for t in p.tags}) == len(p.tags)
    for tag, count in counts.items():
        assert FULL.get(tag) is not None or count >= minimum, (tag, count)
    assert report.papers == len(papers) and 0 <= report.untagged <= len(papers)


# ---------------------------------------------------------------- built sites and the report

def test_a_site_from_arxiv_records_has_category_tag_pages(project):
    shutil.copy2(FIXTURES / "readers" / "arxiv" / "api-query.xml", project.sources / "api-query.xml")
    project.build()
    pages = {frontmatter.load(path)["title"]: frontmatter.load(path).get("tags", []) for path in project.paper_pages()}
    gauge = next(tags for title, tags in pages.items() if title.startswith("Exact Results"))
    assert "High Energy Physics – Theory" in gauge
    index = project.html("tags")
    assert '<h2 id="arxiv-categories">arXiv categories' in index
    tag = project.html("tags/high-energy-physics-theory")
    assert "High Energy Physics – Theory" in tag and "hep-th" in tag


def test_generate_reports_untagged_papers_and_dropped_keywords(project, monkeypatch):
    lines = [
        '{"title": "Argonauts of the Western Pacific", "abstract": "The Kula ring of the Trobriand Islanders.", "tags": ["Unread", "Anthropology", "Bacon"]}',
        '{"title": "Coral Gardens and Their Magic", "abstract": "Trobriand gardening.", "tags": ["anthropology", "unread"]}',
        '{"title": "Federated learning at scale", "abstract": "Clients train a model together.", "tags": ["to-read"]}',
    ]
    project.add_source("library.jsonl", "\n".join(lines) + "\n")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["generate", "--strict"])
    assert result.exit_code == 0, result.output
    assert "papers without a topic: 2 of 3 (listed on tags/untagged/)" in result.output
    assert "keywords dropped: Unread (2, workflow label), Bacon (1, on fewer than 2 papers), to-read (1, workflow label)" in result.output
    untagged = (project.docs / "tags" / "untagged.md").read_text("utf-8")
    assert "Argonauts" in untagged and "Coral Gardens" in untagged and "Federated" not in untagged
    assert (project.docs / "tags" / "anthropology.md").is_file()
    assert not (project.docs / "tags" / "bacon.md").exists() and not (project.docs / "tags" / "unread.md").exists()


def test_untagged_papers_stay_reachable_in_the_built_site(project):
    project.add_source("library.jsonl", '{"title": "A Model of Leptons", "abstract": "Leptons and photons.", "date": "1967-11"}\n')
    project.build()
    index = project.html("tags")
    assert '<h2 id="without-a-topic">Without a topic' in index
    assert '<a href="untagged/">1 paper without a topic</a>' in index
    assert "A Model of Leptons" in project.html("tags/untagged")
    assert "A Model of Leptons" in text_of(project.html("archive/1967/11"))
    assert any(page["meta"]["title"] == "A Model of Leptons" for page in project.search_fragments().values())


def test_keywords_keep_a_trailing_sharp_and_closing_brackets_on_their_pages(project):
    keywords = [["C#", "Lasso (statistics)"], ["C", "Ref [1]"]]
    lines = [
        f'{{"title": "Paper {n}", "abstract": "Compilers.", "tags": {json.dumps(keywords[n % 2])}}}'
        for n in range(4)
    ]
    project.add_source("library.jsonl", "\n".join(lines) + "\n")
    project.build()
    titles = {frontmatter.load(path)["title"]: path.stem for path in (project.docs / "tags").glob("*.md")}
    assert {"C#", "C", "Lasso (statistics)", "Ref [1]"} <= set(titles)
    assert titles["C#"] != titles["C"]
    assert '<h1 class="pa-title">Lasso (statistics)</h1>' in project.html(f"tags/{titles['Lasso (statistics)']}")
    assert ">C#</a>" in project.html("papers/paper-0")


def test_real_libraries_get_few_capped_and_evidence_based_tags(project, monkeypatch):
    libraries = FIXTURES / "libraries"
    for name in ("biblatex-examples.bib", "zotero-sports-analytics.bib"):
        shutil.copy2(libraries / name, project.sources / name)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 0, result.output
    assert "keywords dropped: " in result.output and "papers without a topic: " in result.output
    pages = [frontmatter.load(path) for path in project.paper_pages()]
    assert len(pages) >= 55 and all(len(page.get("tags", [])) <= 8 for page in pages)
    ml_tags = {tag.name for tag in TAXONOMY.tags if tag.family != "Domains"}
    biblatex = [page for page in pages if any("biblatex-examples.bib" in source for source in page["sources"])]
    with_ml = [page["title"] for page in biblatex if ml_tags & set(page.get("tags", []))]
    assert len(with_ml) <= 0.05 * len(biblatex), with_ml
    counts = Counter(tag for page in pages for tag in page.get("tags", []))
    assert "favorite" not in counts and "primary" in counts  # biblatex's own keyword, on several entries


def test_settings_in_mkdocs_yml_reach_the_tagging(sample_project, monkeypatch):
    config = sample_project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    settings = "      taxonomy: taxonomy.yml\n      max_tags: 2\n      keyword_min_papers: 1\n      workflow_labels: [seminar]\n"
    config.write_text(text.replace("      taxonomy: taxonomy.yml\n", settings), "utf-8")
    sample_project.add_source("mine.jsonl", '{"title": "Kula", "abstract": "Exchange.", "tags": ["Seminars", "Unread"]}\n')
    monkeypatch.chdir(sample_project.root)
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 0, result.output
    pages = {frontmatter.load(p)["title"]: frontmatter.load(p).get("tags", []) for p in sample_project.paper_pages()}
    assert max(len(tags) for tags in pages.values()) == 2
    assert pages["Kula"] == ["Unread"]  # the configured list replaced the default one
    assert "Seminars (1, workflow label)" in result.output


def test_a_tag_limit_below_one_is_refused_in_one_line(sample_project, monkeypatch):
    config = sample_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      taxonomy: taxonomy.yml\n", "      taxonomy: taxonomy.yml\n      max_tags: 0\n"), "utf-8")
    monkeypatch.chdir(sample_project.root)
    result = CliRunner().invoke(main, ["generate"])
    line = config.read_text("utf-8").splitlines().index("      max_tags: 0") + 1
    assert result.exit_code == 1
    assert result.output == (f"Error: mkdocs.yml:{line}: option 'max_tags' under the paper-archive plugin: "
                             "expected a whole number of at least 1, but received: 0\n")


def test_condensed_matter_categories_are_the_field_but_where_machine_learning_is_listed():
    # cond-mat.dis-nn (disordered systems and neural networks) and cond-mat.stat-mech hold machine
    # learning's theory; cond-mat.mtrl-sci is Chemistry & Materials' subject.
    [tagged] = tag_papers([paper(1, cats=("cond-mat.supr-con", "cond-mat.str-el", "cond-mat"))], FULL)[0]
    assert tagged.tags == ("Condensed Matter Physics",)
    [learning] = tag_papers([paper(2, cats=("cond-mat.dis-nn", "cond-mat.stat-mech", "cs.LG"))], FULL)[0]
    assert "Condensed Matter Physics" not in learning.tags
    assert "Disordered Systems and Neural Networks" in learning.tags
