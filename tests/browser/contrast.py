"""WCAG 2 contrast of text as the browser paints it, from computed styles alone."""

from __future__ import annotations

# WCAG's minimum for text below 18pt (or 14pt bold): all the text measured here.
MIN_RATIO = 4.5

# For each visible element matching the selector: the contrast of its own text
# colour (its alpha times the opacity of it and its ancestors) with the
# background painted behind it (the backgrounds of it and its ancestors, laid
# over the white canvas). Background images are not looked at.
CONTRAST = """(selector) => {
  const parse = (value) => {
    const numbers = value.match(/^rgba?\\(([^)]*)\\)$/);
    if (!numbers) throw new Error(`unparsed colour ${value}`);
    const [r, g, b, a = 1] = numbers[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const hex = ({ r, g, b }) => "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
  return [...document.querySelectorAll(selector)]
    .filter((node) => node.getClientRects().length && getComputedStyle(node).visibility === "visible")
    .map((node) => {
      const layers = [];
      let opacity = 1;
      for (let at = node; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        opacity *= Number(style.opacity);
        const background = parse(style.backgroundColor);
        if (background.a > 0) layers.push(background);
      }
      const background = layers.reverse().reduce((below, top) => over(top, below), { r: 255, g: 255, b: 255, a: 1 });
      const text = parse(getComputedStyle(node).color);
      const foreground = over({ ...text, a: text.a * opacity }, background);
      const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
      return {
        ratio: (light + 0.05) / (dark + 0.05),
        text: hex(foreground), background: hex(background),
        what: (node.className || node.tagName) + ": " + node.textContent.trim().slice(0, 30),
      };
    });
}"""


def contrasts(tab, selector: str) -> list[dict]:
    return tab.evaluate(CONTRAST, selector)


def too_faint(tab, selector: str, at_least: int = 1) -> list[dict]:
    """The elements matching `selector` whose text is below `MIN_RATIO`; fails when
    fewer than `at_least` of them are shown."""
    measured = contrasts(tab, selector)
    assert len(measured) >= at_least, f"{selector}: {len(measured)} shown"
    return [item for item in measured if item["ratio"] < MIN_RATIO]
