"""The coding surface in a real browser: headless Chromium (Debian's chromium
and chromium-driver) driven by Selenium against `thematica serve` on
127.0.0.1. Selections are made the way a person's would end up: a DOM Range
over the page's own text nodes, found by the browser's string search (UTF-16),
so the page's conversion to code points is checked against Python's str
indices (code points) of the saved file."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

import thematica as tm

webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed (pip install selenium)")
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEXT = ("Interviewer: How did the first week go?\n"
        "P4: Hello 👋🏽 world, the cafe\u0301 helped. مرحبا بك said the nurse. It was 🙂 fine.\n")


def tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = tool("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = tool("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None or shutil.which("thematica") is None,
    reason="needs chromium, chromedriver (Debian: chromium chromium-driver; scripts/setup "
           "--with-test-tools) and the thematica CLI on PATH")


def make_study(path, turns=True):
    p = tm.Project(title="Surface study")
    p.set_id_seed(7)
    first = TEXT.index("\n")
    speaker_turns = [tm.SpeakerTurn(0, first, speaker="Interviewer", start_ms=0),
                     tm.SpeakerTurn(first + 1, len(TEXT) - 1, speaker="P4", start_ms=65_000)] if turns else None
    p.add_document("P4 interview", TEXT, speaker_turns=speaker_turns)
    p.add_document("Second", "Another document.\n")
    p.codebook.add_code("Greeting", description="Someone says hello")
    p.codebook.add_code("Care")
    p.add_coder("Ann")
    p.add_coder("Bob")
    p.save(str(path))
    return p


class Server:
    """`thematica serve STUDY --port 0` in a subprocess; .url once it listens."""

    def __init__(self, study):
        env = {**os.environ, "THEMATICA_PYTHON": sys.executable, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(["thematica", "serve", str(study), "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        if " at http://" not in line:
            self.stop()
            raise AssertionError(f"thematica serve did not start: {line}{self.process.stderr.read()}")
        self.url = line.split(" at ")[1].split()[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,900", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(1400, 900)
    yield driver
    driver.quit()


@pytest.fixture
def served(tmp_path):
    study = tmp_path / "study.thematica"
    make_study(study)
    server = Server(study)
    yield study, server
    server.stop()


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout, poll_frequency=0.05,
                         ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition())


def open_page(driver, url):
    driver.get(url)
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "[data-document-id]"))


SELECT = """
const [phrase, occurrence] = arguments;
const root = document.querySelector('[data-document-id]');
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT,
  {acceptNode: (n) => n.parentElement.hasAttribute('data-start') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
const nodes = []; let all = '';
for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
let at = -1;
for (let i = 0; i <= occurrence; i++) at = all.indexOf(phrase, at + 1);
if (at < 0) return false;
const point = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
const range = document.createRange();
range.setStart(...point(at)); range.setEnd(...point(at + phrase.length));
const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(range);
return true;
"""


def select_text(driver, phrase, occurrence=0):
    assert driver.execute_script(SELECT, phrase, occurrence), phrase
    quote = lambda: driver.find_elements(By.CSS_SELECTOR, "[data-role=selection] blockquote")  # noqa: E731
    wait(driver, lambda: quote() and quote()[0].text == phrase.strip())


def code_id(study, name):
    return tm.load(str(study)).codebook.find(name).id


def apply(driver, code):
    before = driver.find_element(By.CSS_SELECTOR, ".tm-surface").get_attribute("data-revision")
    driver.find_element(By.CSS_SELECTOR, f'[data-code-id="{code}"] > .tm-code-row [data-action="apply-code"]').click()
    wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, ".tm-surface").get_attribute("data-revision") != before)


def stripes(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('.tm-margin [data-excerpt-id]')].map((e) => e.dataset.excerptId)")


def test_select_emoji_apply_reload_remove(browser, served):
    study, server = served
    open_page(browser, server.url)
    greeting = code_id(study, "Greeting")
    select_text(browser, "Hello 👋🏽 world")
    apply(browser, greeting)
    [e] = tm.load(str(study)).excerpts()
    assert e.text == "Hello 👋🏽 world" and e.code_ids == [greeting]
    assert TEXT[e.start:e.end] == "Hello 👋🏽 world"
    # Combining mark and right-to-left text in one selection.
    select_text(browser, "cafe\u0301 helped. مرحبا بك")
    apply(browser, code_id(study, "Care"))
    texts = sorted(x.text for x in tm.load(str(study)).excerpts())
    assert texts == ["Hello 👋🏽 world", "cafe\u0301 helped. مرحبا بك"]
    browser.refresh()
    open_page(browser, server.url)
    assert e.id in stripes(browser)
    browser.find_element(By.CSS_SELECTOR, f'.tm-margin [data-excerpt-id="{e.id}"]').click()
    browser.find_element(By.CSS_SELECTOR, "[data-role=coding] [data-role=memo-text]").send_keys("waves 👋🏽")
    browser.find_element(By.CSS_SELECTOR, '[data-role=coding] [data-action="memo"]').click()
    wait(browser, lambda: [m.text for m in tm.load(str(study)).memos_for(e.id)] == ["waves 👋🏽"])
    browser.find_element(By.CSS_SELECTOR, f'.tm-margin [data-excerpt-id="{e.id}"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-role=coding] > [data-action="remove-coding"]').click()
    wait(browser, lambda: e.id not in stripes(browser))
    assert [x.text for x in tm.load(str(study)).excerpts()] == ["cafe\u0301 helped. مرحبا بك"]
    browser.find_element(By.CSS_SELECTOR, '[data-action="undo"]').click()
    wait(browser, lambda: len(stripes(browser)) == 2)
    assert sorted(x.text for x in tm.load(str(study)).excerpts()) == texts


def test_create_a_sub_code_on_the_spot(browser, served):
    study, server = served
    open_page(browser, server.url)
    select_text(browser, "It was 🙂 fine.")
    browser.find_element(By.CSS_SELECTOR, "[data-role=new-code-name]").send_keys("Relief")
    Select(browser.find_element(By.CSS_SELECTOR, "[data-role=new-code-parent]")).select_by_visible_text("Care")
    browser.find_element(By.CSS_SELECTOR, '[data-action="new-code"]').click()
    wait(browser, lambda: len(stripes(browser)) == 1)
    p = tm.load(str(study))
    relief = p.codebook.find("Care/Relief")
    assert relief.parent_id == p.codebook.find("Care").id
    assert [x.text for x in p.excerpts(code=relief)] == ["It was 🙂 fine."]
    assert browser.find_elements(By.CSS_SELECTOR, f'[data-code-id="{relief.id}"]')
    # Key 1 applies the last code used.
    select_text(browser, "the nurse")
    browser.execute_script("document.querySelector('.tm-surface').focus()")
    browser.switch_to.active_element.send_keys("1")
    wait(browser, lambda: len(stripes(browser)) == 2)
    assert sorted(x.text for x in tm.load(str(study)).excerpts(code=relief)) == ["It was 🙂 fine.", "the nurse"]


def test_blind_mode_hides_a_second_coders_codings(browser, tmp_path):
    study = tmp_path / "study.thematica"
    p = make_study(study)
    doc = p.document("P4 interview")
    bob = p.add_excerpt(doc, TEXT.index("Hello"), TEXT.index("Hello") + 5, codes=["Greeting"], coder="Bob")
    ann = p.add_excerpt(doc, TEXT.index("nurse"), TEXT.index("nurse") + 5, codes=["Care"], coder="Ann")
    p.save(str(study))
    server = Server(study)
    try:
        open_page(browser, server.url)
        Select(browser.find_element(By.CSS_SELECTOR, "[data-role=coder]")).select_by_visible_text("Ann")
        wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-role=blind]").is_enabled())
        assert sorted(stripes(browser)) == sorted([bob.id, ann.id])
        browser.find_element(By.CSS_SELECTOR, "[data-role=blind]").click()
        wait(browser, lambda: stripes(browser) == [ann.id])
        assert bob.id not in browser.page_source  # Not hidden by CSS: never sent.
    finally:
        server.stop()


def test_two_tabs_see_each_others_work(browser, served):
    study, server = served
    open_page(browser, server.url)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    open_page(browser, server.url)
    browser.switch_to.window(first)
    select_text(browser, "Hello 👋🏽")
    apply(browser, code_id(study, "Greeting"))
    browser.switch_to.window(second)
    wait(browser, lambda: len(stripes(browser)) == 1)  # The second tab polls the server.
    select_text(browser, "the nurse")
    apply(browser, code_id(study, "Care"))
    assert sorted(x.text for x in tm.load(str(study)).excerpts()) == ["Hello 👋🏽", "the nurse"]
    browser.close()
    browser.switch_to.window(first)
    wait(browser, lambda: len(stripes(browser)) == 2)


def test_a_file_changed_on_disk_is_reported(browser, served):
    study, server = served
    open_page(browser, server.url)
    other = tm.load(str(study))
    other.codebook.add_code("From elsewhere")
    other.save(str(study))
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, '[data-action="reload-from-disk"]'))
    browser.find_element(By.CSS_SELECTOR, '[data-action="reload-from-disk"]').click()
    wait(browser, lambda: "From elsewhere" in browser.find_element(By.CSS_SELECTOR, "[data-role=tree]").text)


def test_a_server_restart_keeps_everything(browser, tmp_path):
    study = tmp_path / "study.thematica"
    make_study(study)
    server = Server(study)
    try:
        open_page(browser, server.url)
        select_text(browser, "👋🏽 world")
        apply(browser, code_id(study, "Greeting"))
        saved = study.read_bytes()
    finally:
        server.stop()
    server = Server(study)
    try:
        open_page(browser, server.url)
        [e] = tm.load(str(study)).excerpts()
        assert stripes(browser) == [e.id] and e.text == "👋🏽 world"
        assert study.read_bytes() == saved
    finally:
        server.stop()


def test_time_to_first_paint_of_a_long_transcript(browser, tmp_path):
    words = ["we", "talked", "about", "the", "ward", "and", "café", "👋", "support", "again"]
    lines, turns, pos = [], [], 0
    for i in range(400):  # 400 turns of 50 words: 20,000 words.
        line = f"{'I' if i % 2 == 0 else 'P4'}: " + " ".join(words[(i + k) % len(words)] for k in range(50))
        turns.append(tm.SpeakerTurn(pos, pos + len(line), speaker="I" if i % 2 == 0 else "P4", start_ms=i * 15_000))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines) + "\n"
    p = tm.Project(title="Long")
    doc = p.add_document("Long", text, speaker_turns=turns)
    codes = [p.codebook.add_code(f"Code {i}") for i in range(12)]
    for i in range(500):
        start = (i * 9973) % (len(text) - 400)
        p.add_excerpt(doc, start, start + 40 + (i * 37) % 300, codes=[codes[i % 12]])
    study = tmp_path / "long.thematica"
    p.save(str(study))
    server = Server(study)
    try:
        open_page(browser, server.url)
        root = lambda: browser.find_element(By.CSS_SELECTOR, ".tm-surface")  # noqa: E731
        wait(browser, lambda: root().get_attribute("data-first-paint-ms"), timeout=30)
        assert len(stripes(browser)) == 500
        print(f"\ncoding surface: first paint of a 20,000-word transcript with 500 codings: "
              f"{float(root().get_attribute('data-first-paint-ms')):.0f} ms")
    finally:
        server.stop()


WIDGET = """
const done = arguments[arguments.length - 1];
(async () => {
const token = document.querySelector('meta[name=thematica-token]').content;
const { default: widget } = await import('/static/surface.js');
// A stand-in for anywidget's model: messages go to the same engine the
// notebook's CodingView runs (here through the server), answers come back as
// msg:custom {request_id, state}, as CodingView sends them.
const listeners = [];
const model = {
  get: (name) => (name === 'view' ? {} : undefined),
  on: (name, f) => listeners.push(f),
  off: () => {},
  send: async (content) => {
    const r = await fetch('/api/action', {method: 'POST', body: JSON.stringify(content),
      headers: {'Content-Type': 'application/json', 'X-Thematica-Token': token}});
    const state = await r.json();
    for (const f of listeners) f({request_id: content.request_id, state});
  },
};
document.body.replaceChildren();
const el = document.createElement('div');
document.body.append(el);
widget.render({model, el});
})().then(() => done(true), (e) => done(String(e)));
"""


def test_the_widget_front_end_renders_through_anywidget_messages(browser, served):
    study, server = served
    open_page(browser, server.url)
    assert browser.execute_async_script(WIDGET) is True
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, ".tm-widget [data-document-id]"))
    select_text(browser, "👋🏽")
    apply(browser, code_id(study, "Greeting"))
    assert [e.text for e in tm.load(str(study)).excerpts()] == ["👋🏽"]


def test_drag_the_end_of_a_stripe_to_widen_a_coding(browser, served):
    from selenium.webdriver.common.action_chains import ActionChains
    study, server = served
    open_page(browser, server.url)
    select_text(browser, "How did")
    apply(browser, code_id(study, "Greeting"))
    [e] = tm.load(str(study)).excerpts()
    browser.find_element(By.CSS_SELECTOR, f'.tm-margin [data-excerpt-id="{e.id}"]').click()
    handle = browser.find_element(By.CSS_SELECTOR, f'[data-excerpt-id="{e.id}"] [data-handle="end"]')
    # Drop the end just after "week" (the browser's own caret position there is the oracle).
    target = browser.execute_script("""
      const seg = [...document.querySelectorAll('[data-document-id] span[data-start]')]
        .find((s) => s.textContent.includes('first week'));
      const i = seg.firstChild.data.indexOf('first week') + 'first week'.length;
      const r = document.createRange(); r.setStart(seg.firstChild, i - 1); r.setEnd(seg.firstChild, i);
      const box = r.getBoundingClientRect();
      return [box.right - 1, box.top + box.height / 2];""")
    start = handle.location_once_scrolled_into_view
    size = handle.size
    hx, hy = start["x"] + size["width"] / 2, start["y"] + size["height"] / 2
    before = browser.find_element(By.CSS_SELECTOR, ".tm-surface").get_attribute("data-revision")
    ActionChains(browser).move_to_element(handle).click_and_hold().move_by_offset(
        target[0] - hx, target[1] - hy).release().perform()
    wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, ".tm-surface").get_attribute("data-revision") != before)
    [e] = tm.load(str(study)).excerpts()
    assert e.text == "How did the first week"
