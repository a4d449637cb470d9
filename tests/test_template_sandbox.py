"""User templates cannot escape the sandbox, run code, read files or exhaust the machine.

Every snippet of the escape corpus runs twice through the real ``mktplan build``: as
the Markdown template of a ``--templates`` folder, and inside a copy of the shipped
Word template. Each must stop the build with exit 2 and a message naming the
template, create no marker file, leak no secret and show no traceback.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import shutil
import warnings
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from jinja2 import DictLoader
from jinja2.exceptions import SecurityError, UndefinedError

from mktplan.model.sections import Background
from mktplan.render.context import PlanData, build_view
from mktplan.render.jinja import make_environment
from mktplan.render.labels import load_catalog
from mktplan.render.limits import (
    DEFAULT_MAX_STEPS,
    MAX_OUTPUT_VARIABLE,
    TemplateLimitError,
    TemplateLimits,
    rendering,
)
from mktplan.render.records import SwotView
from mktplan.text.formatter import Formatter

from .conftest import EXAMPLES, FIXTURES, ROOT, check_text, run_cli

SECRET = "TOP-SECRET-7f3a9c"
PLAN = (FIXTURES / "_base.yaml").read_text(encoding="utf-8") + (
    "background:\n  summary: A plan with a background\n")
WORD_TEMPLATE = ROOT / "templates" / "docx" / "report.docx"


class _MakeMarker:
    """Unpickling this calls ``os.mkdir(path)``: proof that code ran."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.mkdir, (self.path,)


def _payload(marker: Path) -> str:
    """A Jinja string literal holding a pickle that creates ``marker`` when loaded."""
    return json.dumps(pickle.dumps(_MakeMarker(marker), protocol=0).decode("ascii"))


#: X: something of the view (a model before issue 10); PAYLOAD, SECRET, MARKER: see above
CORPUS: dict[str, tuple[str, str]] = {  # name: (snippet, what the message says)
    "pickle-parse-raw": ("{{ X.parse_raw(PAYLOAD, proto='pickle', allow_pickle=True) }}",
        r"has no attribute 'parse_raw'"),
    "parse-file": ("{{ X.parse_file(SECRET) }}",
        r"has no attribute 'parse_file'"),
    "model-validate-json": ("{{ X.model_validate_json('{}') }}",
        r"has no attribute 'model_validate_json'"),
    "model-class": ("{{ X.__class__.parse_file(SECRET) }}",
        r"not allowed: \w+\.__class__ is not available"),
    "mro": ("{{ X.__class__.__mro__[1].__subclasses__() }}",
        r"not allowed: \w+\.__class__ is not available"),
    "cycler-globals": ("{{ cycler.__init__.__globals__.os.mkdir(MARKER) }}",
        r"not allowed: type\.__init__ is not available"),
    "joiner-globals": ("{{ joiner.__init__.__globals__ }}",
        r"not allowed: type\.__init__ is not available"),
    "namespace-globals": ("{{ namespace.__init__.__globals__ }}",
        r"not allowed: type\.__init__ is not available"),
    "template-context": ("{{ self._TemplateReference__context }}",
        r"not allowed: TemplateReference\._TemplateReference__context"),
    "lipsum-globals": ("{{ lipsum.__globals__['os'].mkdir(MARKER) }}",
        r"'lipsum' is undefined"),
    "format-attribute": ("{{ '{0.__class__.__mro__}'.format(X) }}",
        r"not allowed: str\.format is not available"),
    "format-map": ("{{ '{a}'.format_map(dict(a=1)) }}",
        r"not allowed: str\.format_map is not available"),
    "printf": ("{{ '%s %s' % (X, X) }}",
        r"not allowed: printf-style formatting"),
    "printf-width": ("{{ '%0999999999d' % 1 }}",
        r"not allowed: printf-style formatting"),
    "format-filter": ("{{ '%s'|format(X) }}",
        r"not allowed: printf-style formatting"),
    "attr-filter": ("{{ (X|attr('__class__')).__mro__ }}",
        r"not allowed: \w+\.__class__ is not available"),
    "map-attribute": ("{{ [X]|map(attribute='__class__')|first }}",
        r"not allowed: \w+\.__class__ is not available"),
    "dict-init": ("{{ dict.__init__.__globals__ }}",
        r"not allowed: type\.__init__ is not available"),
    "request-config": ("{{ request.application }}{{ config.items() }}",
        r"'request' is undefined"),
    "method-off-list": ("{{ 'x'.zfill(99) }}",
        r"not allowed: str\.zfill is not available"),
    "include-outside": ("{% include '../secret.txt' %}",
        r"there is no template '\.\./secret\.txt'"),
    "big-range": ("{% for i in range(10**9) %}{% endfor %}",
        r"over a limit: range\(\) of more than 100,000 numbers"),
    "repeat-16-gib": ("{{ 'x' * 20000000000 }}",
        r"over a limit: text repeated with \* would be 20,000,000,000 characters"),
    "nested-loops": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
        "{% endfor %}",
        r"over a limit: the template took more than 200,000 steps"),
    "doubling": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        r"over a limit: text joined with ~ would be at least 67,108,8\d\d characters"),
    "power": ("{{ 9 ** 9999999 }}",
        r"over a limit: a number of about 31,699,247 bits"),
    "self-recursion": ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        r"goes too deep"),
}


def _snippet(name: str, x: str, tmp_path: Path) -> str:
    return (CORPUS[name][0].replace("X", x).replace("PAYLOAD", _payload(tmp_path / "marker"))
            .replace("SECRET", json.dumps(str(tmp_path / "secret.txt")))
            .replace("MARKER", json.dumps(str(tmp_path / "marker"))))


def _build(tmp_path: Path, templates: Path, fmt: str) -> tuple[int, str]:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, stdout, stderr = run_cli("build", plan, "-o", tmp_path / "out", "-f", fmt, "-j", "1",
                                   "--templates", templates,
                                   env={"MKTPLAN_TEMPLATE_MAX_STEPS": "200000"})
    return code, stdout + stderr


def _assert_refused(tmp_path: Path, code: int, shown: str, where: str, reason: str) -> None:
    assert code == 2, shown
    assert re.search(re.escape(where) + ".*" + reason, shown), shown
    assert "Traceback" not in shown
    assert SECRET not in shown
    assert not (tmp_path / "marker").exists(), "the template ran code"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", CORPUS)
def test_a_markdown_template_cannot_escape(tmp_path: Path, name: str) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown").mkdir(parents=True)
    (templates / "markdown" / "plan.md.j2").write_text(
        "# {{ view.title.title }}\n" + _snippet(name, "view.background", tmp_path) + "\n",
        encoding="utf-8")
    code, shown = _build(tmp_path, templates, "md")
    _assert_refused(tmp_path, code, shown, f"{templates / 'markdown' / 'plan.md.j2'}:2:",
                    CORPUS[name][1])


@pytest.mark.parametrize("name", CORPUS)
def test_a_word_template_cannot_escape(tmp_path: Path, name: str) -> None:
    templates = tmp_path / "templates"
    (templates / "docx").mkdir(parents=True)
    target = templates / "docx" / "report.docx"
    shutil.copy(WORD_TEMPLATE, target)
    document = docx.Document(str(target))
    document.add_paragraph(_snippet(name, "title", tmp_path))
    document.save(str(target))
    code, shown = _build(tmp_path, templates, "docx")
    _assert_refused(tmp_path, code, shown,
                    f"the Word template {target} could not be filled: word/document.xml, in the "
                    "paragraph ", CORPUS[name][1])


def test_the_pickle_payload_is_real(tmp_path: Path) -> None:
    """Outside the sandbox the corpus's payload does run: the tests above can fail."""
    marker = tmp_path / "marker"
    with warnings.catch_warnings(), pytest.raises(ValueError):
        warnings.simplefilter("ignore")  # parse_raw is deprecated, which is no protection
        Background.parse_raw(json.loads(_payload(marker)), proto="pickle", allow_pickle=True)
    assert marker.is_dir()


def test_a_model_handed_to_a_template_still_cannot_be_called(tmp_path: Path) -> None:
    """The allow-list holds even if a pydantic model reached a template again."""
    marker = tmp_path / "marker"
    env = make_environment(Formatter())
    template = env.from_string(
        "{{ m.parse_raw(" + _payload(marker) + ", proto='pickle', allow_pickle=True) }}")
    with pytest.raises(SecurityError, match=r"Background.parse_raw is not available"):
        template.render(m=Background(summary="x"))
    with pytest.raises(SecurityError, match=r"calling Background.model_dump\(\) is not allowed"):
        env.from_string("{{ f() }}").render(f=Background(summary="x").model_dump)
    assert not marker.exists()


# --- the view is plain data --------------------------------------------------------------
PLAIN = (str, int, Decimal, date, bool, type(None))


def _plain(value: Any, where: str) -> None:
    if isinstance(value, PLAIN):
        return
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            _plain(item, f"{where}[{index}]")
    elif isinstance(value, Mapping):
        assert not isinstance(value, dict), f"{where} is a mutable dict"
        for key, item in value.items():
            _plain(key, f"{where} key")
            _plain(item, f"{where}[{key!r}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = getattr(type(value), "__dataclass_params__", None)
        assert params is not None and params.frozen, f"{where} is not frozen"
        for field in dataclasses.fields(value):
            _plain(getattr(value, field.name), f"{where}.{field.name}")
    else:
        raise AssertionError(f"{where} is a {type(value).__name__}, not plain data")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_templates_see_only_frozen_plain_data(example: Path) -> None:
    checked = check_text(example.read_text(encoding="utf-8"), str(example))
    assert checked.plan is not None
    view = build_view(checked.plan, load_catalog(checked.plan.meta.language))
    data = view.data()
    assert type(data) is PlanData
    assert data.background is not None and data.audience is not None  # the parts once models
    _plain(data, "view")
    catalog = view.catalog
    for mapping in (catalog.sections, catalog.subsections, catalog.labels, catalog.enums):
        _plain(mapping, "catalog")


# --- what templates may still do ---------------------------------------------------------
def test_the_allowed_calls_and_operators_work() -> None:
    env = make_environment(Formatter())
    source = (
        "{% macro em(t) %}*{{ t }}*{% endmacro %}"
        "{% set ns = namespace(n=0) %}{% set j = joiner(', ') %}{% set c = cycler('a', 'b') %}"
        "{% for k, v in d.items()|sort %}{{ j() }}{{ k }}={{ v }}{{ loop.cycle('.', ':') }}"
        "{% set ns.n = ns.n + v %}{% endfor %} {{ ns.n }} {{ c.next() }}{{ c.next() }} "
        "{{ em('x') }} {{ ' A b '.strip().lower().split() }} {{ 'x' ~ 1 ~ 'y' * 2 }} "
        "{{ ([1] + (2, 3))|length }} {{ range(3)|list }} {{ d.get('b') }} {{ today.isoformat() }}"
        "{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}{{ loop(x) }}"
        "{% else %}{{ x }}{% endif %}{% endfor %}{{ 7 is odd }}"
    )
    assert env.from_string(source).render(d={"a": 1, "b": 2}, today=date(2027, 1, 2)) == (
        "a=1., b=2: 3 ab *x* ['a', 'b'] x1yy 3 [0, 1, 2] 2 2027-01-02123True")


# --- limits --------------------------------------------------------------------------------
def _render(source: str, **context: Any) -> str:
    return make_environment(Formatter()).from_string(source).render(**context)


@pytest.mark.parametrize(("source", "message"), [
    ("{{ 'x' * 20000000000 }}", "text repeated with \\* would be 20,000,000,000 characters"),
    ("{{ range(100001)|list }}", "range\\(\\) of more than 100,000 numbers"),
    ("{{ [0] * 1000001 }}", "a list repeated with \\* would have 1,000,001 items"),
    ("{{ 2 ** 9000 }}", "a number of about 9,000 bits"),
    ("{{ range(100000)|join('x' * 1000000) }}",
     r"the joined text would be at least 99,999,\d{3},\d{3} characters"),
    ("{{ 'x'|center(10**9) }}", "the centred text would be 1,000,000,000"),
    ("{{ ('a' * 1000)|replace('', 'b' * 100000) }}", "the replaced text would be 100,101,000"),
    ("{{ [1]|batch(10**9, 0)|list }}", "a batch would have 1,000,000,000 items"),
    ("{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "the rendered text would be"),
    ("{% for i in range(1000) %}{% set y = 'x' * 1000000 %}{% endfor %}",
     "built more than 209,715,200 characters of text in all"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "took more than 5,000,000 steps"),
    ("{{ [big] * 100000 }}", r"the printed value would be at least 100,000,200,002 characters"),
    ("{{ ([big] * 100000)|string }}", r"the value given to \|string, as text, would be"),
    ("{{ ([[big] * 1000] * 1000)|join }}", r"the value given to \|join, as text, would be at"),
    ("{{ 'a' ~ [big] * 100000 }}", "text joined with ~ would be"),
    ("{{ ([big] * 100000)|e }}", r"the value given to \|e, as text,"),
    ("{{ {'a': [big] * 100000}.items() }}", "the printed value would be at least"),
    ("{% set ns = namespace(a=[big]) %}{{ [ns] * 1000 }}", "the printed value would be at least"),
    ("{% macro m(n, items) %}{% if n < 300 %}{{ m(n + 1, items + [0]) }}{% endif %}"
     "{% endmacro %}{{ m(0, [0] * 500000) }}", "lists of more than 10,000,000 items in all"),
])
def test_limits_refuse_before_the_machine_suffers(source: str, message: str) -> None:
    with pytest.raises(TemplateLimitError, match=message):
        _render(source, big="x" * 1_000_000)


def test_an_imported_template_is_measured_before_it_is_printed() -> None:
    big = "{% for i in range(100000) %}" + "x" * 1_000_000 + "{% endfor %}"
    loader = DictLoader({"big.j2": big, "small.j2": "{% macro f() %}f{% endmacro %}ok"})
    env = make_environment(Formatter(), loader=loader)
    for source in ('{% import "big.j2" as m %}{{ m }}', '{% import "big.j2" as m %}{{ m ~ "" }}',
                   '{% import "big.j2" as m %}{{ m|string }}'):
        with pytest.raises(TemplateLimitError, match="100,000,000,00"):
            env.from_string(source).render()
    assert env.from_string('{% import "small.j2" as m %}{{ m.f() }}{{ m }}').render() == "fok"
    assert env.from_string("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}").render() \
        == "<Namespace {'me': <Namespace {...}>}>"


def test_the_markdown_helpers_measure_what_they_are_given(tmp_path: Path) -> None:
    from mktplan.render.markdown import _environment

    env = _environment(Formatter(), None)
    for source, message in (("{{ row([big] * 1000) }}", r"the arguments of row\(\) as text"),
                            ("{{ ([big] * 1000)|cells }}", r"the value given to \|cells")):
        with pytest.raises(TemplateLimitError, match=message):
            env.from_string(source).render(big="x" * 1_000_000)
    assert env.from_string("{{ row(['a|b', 1]) }}").render() == "| a\\|b | 1 |"


def test_steps_are_counted_the_same_every_time() -> None:
    source = "{% for i in range(50) %}{{ i|string }}{% for c in 'ab' %}{{ c ~ i }}{% endfor %}" \
             "{% endfor %}{{ [1, 2]|map('string')|join }}"
    counts = set()
    for _ in range(3):
        with rendering() as budget:
            _render(source)
        counts.add(budget.steps)
    # range(), 50 rounds with a filter, 2 inner rounds with a ~ each, map + 2 string + join
    assert counts == {1 + 50 * 2 + 50 * 2 * 2 + 4}


def test_a_cpu_time_limit_stops_expensive_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_TEMPLATE_TIMEOUT", "0.2")
    with pytest.raises(TemplateLimitError, match=r"more than 0\.2 s of CPU time"):
        _render("{% for i in range(100000) %}{% if big.count('y') %}{% endif %}{% endfor %}",
                big="x" * 10_000_000)


def test_compiling_template_after_template_stops_at_the_time_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", "")  # each of them is compiled, not loaded
    monkeypatch.setenv("MKTPLAN_TEMPLATE_TIMEOUT", "0.5")
    loader = DictLoader({f"t{i}.j2": "{{ a }}" * 4000 for i in range(100)})  # 0.3 s each
    env = make_environment(Formatter(), loader=loader)
    template = env.from_string("".join(f'{{% include "t{i}.j2" %}}' for i in range(100)))
    with pytest.raises(TemplateLimitError, match=r"more than 0\.5 s of CPU time"):
        template.render(a="")


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert TemplateLimits.from_environment({}).max_steps == DEFAULT_MAX_STEPS
    limits = TemplateLimits.from_environment({MAX_OUTPUT_VARIABLE: "1_000",
                                              "MKTPLAN_TEMPLATE_MAX_STEPS": "20",
                                              "MKTPLAN_TEMPLATE_TIMEOUT": "1.5"})
    assert (limits.max_output, limits.max_steps, limits.timeout) == (1000, 20, 1.5)
    monkeypatch.setenv("MKTPLAN_TEMPLATE_MAX_STEPS", "20")
    with pytest.raises(TemplateLimitError, match="more than 20 steps"):
        _render("{% for i in range(21) %}{% endfor %}")
    assert _render("{% for i in range(19) %}{% endfor %}ok") == "ok"
    monkeypatch.setenv(MAX_OUTPUT_VARIABLE, "lots")
    with pytest.raises(Exception, match="MKTPLAN_TEMPLATE_MAX_OUTPUT='lots' is not a positive"):
        _render("x")


def test_a_refused_limit_in_the_cli_names_the_variable_to_raise(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown").mkdir(parents=True)
    (templates / "markdown" / "plan.md.j2").write_text("{{ view.title.title * 200 }}\n",
                                                       encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, _, stderr = run_cli("build", plan, "-o", tmp_path / "out", "-f", "md",
                              "--templates", templates, env={MAX_OUTPUT_VARIABLE: "1000"})
    assert code == 2
    assert f"{templates / 'markdown' / 'plan.md.j2'}:1:1: over a limit: text repeated with * " \
           "would be 1,800 characters, over the limit of 1,000 (MKTPLAN_TEMPLATE_MAX_OUTPUT)" \
           in stderr
    code, _, _ = run_cli("build", plan, "-o", tmp_path / "out", "-f", "md",
                         "--templates", templates, env={MAX_OUTPUT_VARIABLE: "2000"})
    assert code == 0


# --- where templates come from -------------------------------------------------------------
@pytest.mark.parametrize(("part", "fmt"), [
    ("markdown/plan.md.j2", "md"), ("markdown/goals.md.j2", "md"), ("docx/report.docx", "docx"),
    ("i18n/en.yaml", "md")])
def test_a_template_that_links_out_of_its_folder_is_refused(tmp_path: Path, part: str,
                                                            fmt: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / part).parent.mkdir(parents=True)
    (templates / part).symlink_to(secret)
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, stdout, stderr = run_cli("build", plan, "-o", tmp_path / "out", "-f", fmt,
                                   "--templates", templates)
    assert code == 2
    assert f"{templates / part} leads out of the templates folder {templates}" in stderr
    assert SECRET not in stdout + stderr


def test_a_link_inside_the_templates_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "markdown").mkdir()
    (tmp_path / "markdown" / "mine.j2").write_text("mine", encoding="utf-8")
    (tmp_path / "markdown" / "plan.md.j2").symlink_to(tmp_path / "markdown" / "mine.j2")
    env = make_environment(Formatter(), override=tmp_path)
    assert env.get_template("markdown/plan.md.j2").render() == "mine"


def test_an_oversized_template_is_refused(tmp_path: Path) -> None:
    (tmp_path / "markdown").mkdir()
    (tmp_path / "markdown" / "plan.md.j2").write_text("x" * (1024 * 1024 + 1), encoding="utf-8")
    with pytest.raises(TemplateLimitError, match="1,048,577 bytes; a template may have at most"):
        make_environment(Formatter(), override=tmp_path).get_template("markdown/plan.md.j2")


def test_a_template_too_large_to_compile_is_refused_before_compiling(tmp_path: Path) -> None:
    (tmp_path / "markdown").mkdir()
    template = tmp_path / "markdown" / "plan.md.j2"
    template.write_text("{{ a }}" * 5001, encoding="utf-8")  # 35 kB; 150,000 of them: 1.5 GB
    env = make_environment(Formatter(), override=tmp_path)
    with pytest.raises(TemplateLimitError, match=f"{re.escape(str(template))} has 5,001 tags"):
        env.get_template("markdown/plan.md.j2")
    with pytest.raises(TemplateLimitError, match="more than 20,000 parts"):
        env.from_string("{{ " + " + ".join(["a"] * 30000) + " }}")
    assert env.from_string("{{ a }}" * 5000).render(a="") == ""


def test_an_undefined_attribute_is_still_an_undefined_error() -> None:
    with pytest.raises(UndefinedError, match="has no attribute 'nope'"):
        _render("{{ d.nope }}", d=SwotView(("s",), (), (), ()))
    assert _render("{{ d.strengths|first }}", d=SwotView(("s",), (), (), ())) == "s"
