"""The course website in a real browser: lessons with their outputs, navigation, search, no outside host.

The site is built once per session (see conftest.py) and served on 127.0.0.1;
every lesson, term and exercise checked here is derived from the course's files
(``apilab.course.toc``, the built pages' executed notebooks, ``solutions/``), never
typed in, so the tests follow the course as lessons are added.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
from course_paths import NOTEBOOKS, REPO_ROOT

from apilab.course import toc

pytestmark = pytest.mark.browser

SOLUTION_MARKERS = (("### BEGIN SOLUTION", "### END SOLUTION"), ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
# Shorter lines (`else:`, `return app`) may be in any notebook; longer ones are an answer's own.
SOLUTION_LINE_MIN_CHARS = 16


def page_name(lesson_file: str) -> str:
    return f"notebooks/{Path(lesson_file).stem}.html"


def shown_title(title: str) -> str:
    """A lesson's title as a page shows it: its markdown (`code`, *emphasis*) rendered away."""
    return re.sub(r"[`*]", "", title)


def shown_notebooks(built_site) -> dict[str, object]:
    """{lesson file name: the executed notebook the site shows}, in reading order."""
    source = built_site.index.parent.parent / "source" / "notebooks"
    return {path.name: nbformat.read(source / path.name, as_version=4) for path in toc.lesson_files(source)}


def first_lesson_with(built_site, wanted) -> str:
    """The first lesson (file name) one of whose shown outputs ``wanted(output)`` accepts (collapsed ones aside)."""
    for name, notebook in shown_notebooks(built_site).items():
        for cell in notebook.cells:
            if "hide-output" in cell.get("metadata", {}).get("tags", []):
                continue
            if any(wanted(output) for output in cell.get("outputs", [])):
                return name
    pytest.fail("no lesson has such an output")


def is_plot(output) -> bool:
    return "image/png" in output.get("data", {})


def is_contract_report(output) -> bool:
    html = output.get("data", {}).get("text/html", "")
    return "checks passed" in html and "<table" in html


def test_the_index_lists_every_lesson(site_page, artifacts):
    site_page.open("index.html")
    lessons = toc.read_lessons(NOTEBOOKS)
    assert lessons
    article = site_page.page.locator("article")
    sidebar = site_page.page.locator("nav.bd-docs-nav")
    for lesson in lessons:
        href = page_name(lesson.filename)
        assert article.locator(f'a[href="{href}"]', has_text=shown_title(lesson.title)).count() >= 1, (
            f"the front page does not list {lesson.filename}")
        assert sidebar.locator(f'a[href="{href}"]').count() == 1, f"the sidebar does not list {lesson.filename}"
    site_page.page.screenshot(path=str(artifacts / "site-index.png"))


def test_a_lesson_page_shows_its_plot_as_an_image(site_page, built_site, artifacts):
    lesson = first_lesson_with(built_site, is_plot)
    site_page.open(page_name(lesson))
    plot = site_page.page.locator(".cell_output img:visible").first
    plot.scroll_into_view_if_needed()
    # A decoded picture of real size, not a broken image.
    assert plot.evaluate("img => img.complete && img.naturalWidth > 100 && img.naturalHeight > 100"), (
        f"{lesson}: the plot did not load")
    plot.evaluate("element => element.scrollIntoView({block: 'center'})")
    site_page.page.screenshot(path=str(artifacts / "site-lesson-plot.png"))


def test_a_lesson_page_shows_a_contract_report_table(site_page, built_site):
    lesson = first_lesson_with(built_site, is_contract_report)
    site_page.open(page_name(lesson))
    report = site_page.page.locator(".cell_output", has_text="checks passed").first
    table = report.locator("table").first
    table.wait_for(state="visible")
    header = table.locator("th").all_inner_texts()
    assert "group" in header and "passed" in header, f"{lesson}: the report table has columns {header}"
    assert table.locator("tbody tr").count() >= 1


def test_the_links_to_the_next_lesson_work(site_page):
    first, second = toc.read_lessons(NOTEBOOKS)[:2]
    site_page.open(page_name(first.filename))
    # The lesson's own navigation cell (made by apilab toc), then the theme's "next" button.
    site_page.page.locator("article a", has_text=shown_title(second.title)).first.click()
    site_page.page.wait_for_url(f"**/{page_name(second.filename)}")
    assert shown_title(second.title) in site_page.page.locator("article h1").first.inner_text()
    site_page.open(page_name(first.filename))
    site_page.page.locator("a.right-next").click()
    site_page.page.wait_for_url(f"**/{page_name(second.filename)}")


def words_of_prose(notebook) -> set[str]:
    """The lower-case words of a notebook's markdown prose: code spans, link targets and cells with HTML left out.

    (Sphinx's search indexes text, not raw HTML such as a <details> answer block.)
    """
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown"
                     and "apilab" not in cell.get("metadata", {}) and not re.search(r"<[A-Za-z/]", cell.source))
    text = re.sub(r"`[^`]*`|\]\([^)]*\)", " ", text)
    return {word.lower() for word in re.findall(r"\b[A-Za-z]{9,}\b", text)}


def a_term_only_one_lesson_uses() -> tuple[str, str]:
    """(word, lesson file name): a long word of one lesson's prose found in no other lesson and in no guide."""
    words = {path.name: words_of_prose(nbformat.read(path, as_version=4)) for path in toc.lesson_files(NOTEBOOKS)}
    readme = " ".join(path.read_text().lower() for path in (REPO_ROOT / "site").glob("*.md"))
    for name, own in words.items():
        others = set().union(*(other for other_name, other in words.items() if other_name != name))
        for word in sorted(own - others):
            if word not in readme:
                return word, name
    pytest.fail("every long word of the lessons is in more than one lesson")


def test_search_finds_a_term_from_a_lesson(site_page):
    term, lesson = a_term_only_one_lesson_uses()
    site_page.open(f"search.html?q={term}")
    results = site_page.page.locator("#search-results ul.search li a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert any(Path(lesson).stem in href for href in hrefs), f"searching {term!r} found {hrefs}, not {lesson}"


def test_no_page_requests_another_host(site_page):
    pages = sorted(str(path.relative_to(site_page.html)) for path in site_page.html.rglob("*.html")
                   if "_static" not in path.parts)
    assert "index.html" in pages and len(pages) > len(toc.lesson_files(NOTEBOOKS))
    for path in pages:
        site_page.open(path)
    hosts = {urlparse(url).hostname for url in site_page.requests if urlparse(url).scheme not in {"data", "blob"}}
    assert hosts == {"127.0.0.1"}, f"pages requested {sorted(hosts - {'127.0.0.1'})}"
    # The log saw what the pages load (stylesheets, scripts, the theme's icon font), not just the pages.
    assert any(url.endswith(".css") for url in site_page.requests)
    assert any(url.endswith(".woff2") for url in site_page.requests)


def solution_lines(solution: Path, exercise: Path) -> list[str]:
    """Lines of the solutions and hidden tests in ``solution`` that the learner's notebook does not have."""
    learner_text = "\n".join(cell.source for cell in nbformat.read(exercise, as_version=4).cells)
    lines, inside = [], None
    for cell in nbformat.read(solution, as_version=4).cells:
        # A solution cell without markers is an answer as a whole (nbgrader replaces all of it).
        whole = cell.get("metadata", {}).get("nbgrader", {}).get("solution") and not any(
            begin in cell.source for begin, _ in SOLUTION_MARKERS)
        for line in cell.source.splitlines():
            stripped = line.strip()
            if whole:
                if len(stripped) >= SOLUTION_LINE_MIN_CHARS and stripped not in learner_text:
                    lines.append(stripped)
            elif inside is None:
                inside = next((end for begin, end in SOLUTION_MARKERS if stripped == begin), None)
            elif stripped == inside:
                inside = None
            elif len(stripped) >= SOLUTION_LINE_MIN_CHARS and stripped not in learner_text:
                lines.append(stripped)
    return lines


def exercise_pairs() -> list[tuple[Path, Path]]:
    """(solution notebook, learner notebook) of every exercise."""
    return [(path, REPO_ROOT / "exercises" / path.relative_to(REPO_ROOT / "solutions"))
            for path in sorted((REPO_ROOT / "solutions").glob("*/*.ipynb"))]


@pytest.mark.parametrize("solution, exercise", exercise_pairs(), ids=lambda path: path.parent.name)
def test_the_solution_check_has_lines_to_look_for(solution, exercise):
    """The check below can fail: every exercise's solutions give it lines the learner's notebook lacks."""
    assert len(solution_lines(solution, exercise)) >= 3


def test_exercise_pages_hold_no_solution_text(site_page):
    pairs = exercise_pairs()
    assert pairs
    for solution, exercise in pairs:
        site_page.open(str(exercise.relative_to(REPO_ROOT).with_suffix(".html")))
        text = site_page.page.evaluate("() => document.documentElement.textContent")
        assert "How to do it, and how it is graded" in text and "YOUR CODE HERE" in text
        # The page's download button offers its notebook: that must hold no solution either.
        download = site_page.page.locator('a[href*="_sources/"][href$=".ipynb"]').first.get_attribute("href")
        notebook = nbformat.reads(site_page.page.request.get(urljoin(site_page.page.url, download)).text(), 4)
        downloaded = "\n".join(cell.source for cell in notebook.cells)
        assert "YOUR CODE HERE" in downloaded
        for where, shown in (("page", text), ("downloadable notebook", downloaded)):
            leaked = [line for line in solution_lines(solution, exercise) if line in shown]
            assert not leaked, f"{exercise.name}'s {where} shows solution text: {leaked[:3]}"


def figure_lessons(built_site) -> list[str]:
    """The lessons (file names) with a figure among their shown outputs."""
    return [name for name, notebook in shown_notebooks(built_site).items()
            if any(is_plot(output) for cell in notebook.cells for output in cell.get("outputs", []))]


def test_at_least_six_lessons_show_figures_each_with_alt_text_that_loads(site_page, built_site, artifacts):
    lessons = figure_lessons(built_site)
    assert len(lessons) >= 6, f"only {len(lessons)} lessons show a figure: {lessons}"
    problems, shots = [], 0
    for lesson in lessons:
        site_page.open(page_name(lesson))
        images = site_page.page.locator(".cell_output img")
        assert images.count() >= 1, f"{lesson}: its figure is not on the page"
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            alt = (image.get_attribute("alt") or "").strip()
            if len(alt) < 20 or "No description" in alt:
                problems.append(f"{lesson} figure {index + 1}: alt text {alt!r}")
            if not image.evaluate("img => img.complete && img.naturalWidth > 100 && img.naturalHeight > 100"):
                problems.append(f"{lesson} figure {index + 1}: did not load")
        if shots < 3:
            images.first.evaluate("element => element.scrollIntoView({block: 'center'})")
            site_page.page.screenshot(path=str(artifacts / f"site-figure-{Path(lesson).stem}.png"))
            shots += 1
    assert not problems, "; ".join(problems)


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a CSS ``rgb(r, g, b)`` / ``rgba(...)`` colour."""
    red, green, blue = (int(float(part)) / 255 for part in re.findall(r"[\d.]+", rgb)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_banner_is_readable_and_a_lesson_has_one_search_box_and_code_that_fits(site_page, artifacts):
    lesson = toc.read_lessons(NOTEBOOKS)[2].filename
    site_page.open(page_name(lesson))
    page = site_page.page
    # The banner's commands against the banner's own background: WCAG AA for normal text is 4.5:1.
    code = page.locator(".bd-header-announcement code").first
    colours = code.evaluate("""element => {
        let node = element.parentElement, background = "";
        while (node && (!background || background === "rgba(0, 0, 0, 0)")) {
            background = getComputedStyle(node).backgroundColor; node = node.parentElement; }
        return [getComputedStyle(element).color, background];
    }""")
    lighter, darker = sorted((_luminance(colour) for colour in colours), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5, f"banner code {colours[0]} on {colours[1]}"
    searches = [button for button in page.locator(".search-button__button").all() if button.is_visible()]
    assert len(searches) == 1, f"{len(searches)} search boxes in view"
    assert page.locator(".prev-next-area").count() == 1
    wide = page.locator("article div.highlight pre").evaluate_all(
        "blocks => blocks.filter(block => block.scrollWidth > block.clientWidth + 1).length")
    assert wide == 0, f"{wide} code blocks scroll sideways"
    page.screenshot(path=str(artifacts / "site-banner-and-code.png"))
