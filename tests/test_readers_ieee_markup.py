"""IEEE Xplore's markup in abstracts, as catalogues built from it keep it (the ML Anthology's
JSON Lines, rbnyng/mlanthology at a9a5c3f, data/legacy/*-legacy.jsonl.gz): scripts with
MathML's namespace, `<inf>` subscripts, inline formulas of TeX and `<br/>` line breaks are read
as the other HTML of a title or abstract is, by the markup shared with BibTeX, RIS and CSL JSON."""

from __future__ import annotations

import json

import pytest

from generator.readers import ReadSettings, decode, jsonl

IEEE = 'xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink"'


def abstract_of(abstract: str) -> str:
    text = json.dumps({"title": "T", "abstract": abstract}) + "\n"
    (record,), problems = jsonl.read(decode(text.encode("utf-8")), "sources/papers.jsonl", ReadSettings())
    assert problems == []
    return record.abstract


@pytest.mark.parametrize(("abstract", "read"), [
    # cvpr-legacy, schindler2007cvpr-city: 3×10⁴ images, not 3×10 4.
    (f"a large dataset containing 3times10 <sup {IEEE}>4</sup> streetside images of a city.",
     "a large dataset containing 3times10⁴ streetside images of a city."),
    # cvpr-legacy: an ℓ1 norm, IEEE's subscript with the namespace.
    (f"solving a constrained ℓ <inf {IEEE}>1</inf> norm optimization", "solving a constrained ℓ₁ norm optimization"),
    # iccvw-legacy, zhang2009iccvw-median: `<inf>` alone.
    ("the best approximating ℓ<inf>1</inf> d-flats, so that the cumulative ℓ<inf>1</inf> error is minimized.",
     "the best approximating ℓ₁ d-flats, so that the cumulative ℓ₁ error is minimized."),
    # colt-legacy, han2018colt-geometric: the formula's TeX.
    ('the sample and has <inline-formula> <tex-math notation="LaTeX">$k$ </tex-math></inline-formula> bits to communicate',
     "the sample and has $k$ bits to communicate"),
    # eccv-legacy, he2014eccv-spatial: TeX and a picture of it, of which the TeX is read.
    ('require a fixed-size (e.g., 224<inline-formula><tex-math>$\\times$ </tex-math><alternatives><inline-graphic '
     'xlink:type="simple" xlink:href="he-ieq1-2389824.gif"/></alternatives></inline-formula>224) input image.',
     "require a fixed-size (e.g., 224$\\times$ 224) input image."),
    # iccvw-legacy, gade2015iccvw-audiovisual.
    ("Coefficients (MFCC) are extracted, and PCA are<br/>applied to reduce the feature space to 10 dimensions.",
     "Coefficients (MFCC) are extracted, and PCA are applied to reduce the feature space to 10 dimensions."),
])
def test_ieee_markup_of_an_abstract_is_read_as_text(abstract, read):
    assert abstract_of(abstract) == read


def test_a_space_before_a_script_without_ieees_namespace_stays():
    assert abstract_of("x <sup>2</sup> and M <sub>⊙</sub>.") == "x ² and M$_{⊙}$."


def test_a_long_run_of_spaces_before_a_tag_is_read_in_linear_time():
    import time

    from generator.readers.markup import escaped_html

    def seconds(n: int) -> float:
        start = time.perf_counter()
        escaped_html("x" + " " * n + "y</sup>", typeset=True)
        return time.perf_counter() - start

    seconds(1000)
    assert seconds(200_000) < 1.0
