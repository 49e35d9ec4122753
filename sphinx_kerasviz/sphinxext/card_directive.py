"""The ``keras-model-card`` directive: a model card from a YAML file, with sections generated
from the project (architecture, training history, weights, explanations, metrics files).

The card's text becomes docutils nodes (so every builder escapes it); the generated sections
are the other directives, parsed from :func:`sphinx_kerasviz.card.sections.generated`. The
whole card sits in a :class:`kerasviz_card` node whose frame comes from the templates
``card.html.jinja`` and ``card.tex.jinja``. Every problem of the YAML is one warning located at
its line in the card file; the card is still shown without the fields that failed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.card.metrics import number_text, read_metrics
from sphinx_kerasviz.card.schema import load_card
from sphinx_kerasviz.card.sections import generated
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import parse_value
from sphinx_kerasviz.sphinxext.base import KerasvizDirective
from sphinx_kerasviz.sphinxext.nodes import kerasviz_card
from sphinx_kerasviz.sphinxext.table import table

#: The card's sections in order: (name, title). Generated ones appear when the card asks.
SECTIONS = (
    ("details", "Model details"),
    ("intended", "Intended use"),
    ("out_of_scope", "Out-of-scope use"),
    ("parameters", "Model parameters"),
    ("data", "Training and evaluation data"),
    ("architecture", "Architecture"),
    ("metrics", "Quantitative analysis"),
    ("history", "Training history"),
    ("weights", "Weight distributions"),
    ("explanations", "Explanations"),
    ("limitations", "Limitations"),
    ("tradeoffs", "Trade-offs"),
    ("ethics", "Ethical considerations"),
)


class KerasModelCardDirective(KerasvizDirective):
    """``.. keras-model-card:: card.yaml`` (relative to the document, or to the source
    directory when it starts with ``/``)."""

    option_spec: ClassVar[OptionSpec] = {"class": directives.unchanged}
    prefetched = False  # its models are in the directives it generates

    def run(self) -> list[nodes.Node]:
        self.path = self.source_file(self.arguments[0])
        self.note_dependencies([self.path])
        try:
            card, problems = load_card(self.path)
        except KerasvizError as err:
            return self.fail(err)
        for problem in problems:
            self.warn(KerasvizError("card", f"{problem.field}: {problem.message}"),
                      f"{self.path}:{problem.line}" if problem.line else None)
        details = card.get("model_details")
        if not details:
            return []
        classes = self.option("class", lambda value: parse_value("class", value), ())
        self.generated_rst = self.generated_sections(card.get("kerasviz", {}))
        node = kerasviz_card(classes=["kerasviz", "kerasviz-card", *classes],
                             card=header(details))
        self.set_source_info(node)
        for name, title in SECTIONS:
            body = self.section(name, card)
            if body:
                section = nodes.container(classes=["kerasviz-card-section",
                                                   f"kerasviz-card-{name}"])
                section += nodes.rubric(title, title)
                section.extend(body)
                node += section
        return [node]

    def relocate(self, path: str) -> str:
        """A path relative to the card as the page's directives read it."""
        target = (self.path.parent / path).resolve()
        page_dir = Path(self.env.doc2path(self.docname)).parent
        return os.path.relpath(target, page_dir).replace(os.sep, "/")

    def section(self, name: str, card: dict[str, Any]) -> list[nodes.Node]:
        details = card.get("model_details", {})
        parameters = card.get("model_parameters", {})
        considerations = card.get("considerations", {})
        if name == "details":
            return details_nodes(details)
        if name == "intended":
            return (descriptions(considerations.get("use_cases", []))
                    + labelled("Users", descriptions(considerations.get("users", []))))
        if name == "out_of_scope":
            return descriptions(considerations.get("out_of_scope_uses", []))
        if name == "parameters":
            return facts([("Architecture", parameters.get("model_architecture")),
                          ("Input", parameters.get("input_format")),
                          ("Output", parameters.get("output_format"))])
        if name == "data":
            return data_nodes(parameters.get("data", []))
        if name == "metrics":
            return self.metrics(card.get("quantitative_analysis", {}))
        if name in ("limitations", "tradeoffs"):
            return descriptions(considerations.get(name, []))
        if name == "ethics":
            return [bullets([f"{item['name']}" + (f": {item['mitigation_strategy']}"
                                                  if "mitigation_strategy" in item else "")
                             for item in considerations.get("ethical_considerations", [])])] \
                if considerations.get("ethical_considerations") else []
        return self.generated(name)

    def generated_sections(self, kerasviz: dict[str, Any]) -> dict[str, list[str]]:
        """The generated sections as reST, by name (none after a warning)."""
        try:
            return generated(kerasviz, self.relocate)
        except KerasvizError as err:
            self.warn(err)
            return {}

    def generated(self, name: str) -> list[nodes.Node]:
        lines = self.generated_rst.get(name)
        if not lines:
            return []
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]),
                                self.content_offset, holder)
        return list(holder.children)

    def metrics(self, analysis: dict[str, Any]) -> list[nodes.Node]:
        items = list(analysis.get("performance_metrics", []))
        if "metrics_file" in analysis:
            file = self.path.parent / analysis["metrics_file"]
            self.env.note_dependency(str(file))
            try:
                items += read_metrics(file)
            except KerasvizError as err:
                self.warn(err)
        if not items:
            return []
        rows = [((m["type"], number_text(m["value"]), m.get("slice", "all"), interval(m)), [])
                for m in items]
        return [table(("Metric", "Value", "Slice", "95% interval"), (30, 20, 25, 25),
                      rows, ["kerasviz-card-metrics"], ("Value",), ("Metric", "Slice"))]


def header(details: dict[str, Any]) -> dict[str, Any]:
    """What the card templates show at the top: name, version, date, owners, licences."""
    version = details.get("version", {})
    return {
        "title": details["name"],
        "version": version.get("name", ""),
        "date": version.get("date", ""),
        "owners": [o["name"] for o in details.get("owners", [])],
        "licenses": [lic.get("identifier") or lic.get("custom_text", "")
                     for lic in details.get("licenses", [])],
    }


def interval(m: dict[str, Any]) -> str:
    ci = m.get("confidence_interval")
    if not ci:
        return "\u2013"
    return f"{number_text(ci['lower_bound'])} to {number_text(ci['upper_bound'])}"


def paragraphs(text: str) -> list[nodes.Node]:
    return [nodes.paragraph(part.strip(), part.strip())
            for part in text.split("\n\n") if part.strip()]


def descriptions(items: list[dict[str, str]]) -> list[nodes.Node]:
    if not items:
        return []
    if len(items) == 1:
        return paragraphs(items[0]["description"])
    return [bullets([item["description"] for item in items])]


def bullets(texts: list[str]) -> nodes.bullet_list:
    found = nodes.bullet_list()
    for text in texts:
        found += nodes.list_item("", *paragraphs(text))
    return found


def labelled(label: str, body: list[nodes.Node]) -> list[nodes.Node]:
    if not body:
        return []
    return [nodes.paragraph("", "", nodes.strong(label, label)), *body]


def facts(pairs: list[tuple[str, str | None]]) -> list[nodes.Node]:
    """A field list of the pairs whose value is given."""
    given = [(name, value) for name, value in pairs if value]
    if not given:
        return []
    found = nodes.field_list()
    for name, value in given:
        found += nodes.field("", nodes.field_name(name, name),
                             nodes.field_body("", *paragraphs(value)))
    return [found]


def details_nodes(details: dict[str, Any]) -> list[nodes.Node]:
    body = paragraphs(details.get("overview", ""))
    owners = [o["name"] + (f" ({o['contact']})" if "contact" in o else "")
              for o in details.get("owners", [])]
    version = details.get("version", {})
    body += facts([
        ("Version", version.get("name")), ("Date", version.get("date")),
        ("Changes", version.get("diff")), ("Owners", "; ".join(owners)),
        ("Licence", "; ".join(lic.get("identifier") or lic.get("custom_text", "")
                              for lic in details.get("licenses", []))),
        ("Documentation", details.get("documentation")), ("Path", details.get("path")),
    ])
    for citation in details.get("citations", []):
        label = f"Citation ({citation['style']})" if "style" in citation else "Citation"
        block = nodes.literal_block(citation["citation"], citation["citation"],
                                    language="none")
        body += labelled(label, [block])
    references = nodes.bullet_list()
    for item in details.get("references", []):
        text = item["reference"]
        link = nodes.reference(text, text, refuri=text) if "://" in text else \
            nodes.Text(text)
        references += nodes.list_item("", nodes.paragraph("", "", link))
    if references.children:
        body += labelled("References", [references])
    return body


def data_nodes(data: list[dict[str, Any]]) -> list[nodes.Node]:
    if not data:
        return []
    found = nodes.bullet_list()
    for item in data:
        extra = [item["split"]] if "split" in item else []
        if "size" in item:
            extra.append(f"{number_text(item['size'])} examples")
        if item.get("sensitive"):
            extra.append("sensitive")
        head = item["name"] + (f" ({', '.join(extra)})" if extra else "")
        parts: list[nodes.Node] = [nodes.paragraph("", "", nodes.strong(head, head))]
        parts += paragraphs(item.get("description", ""))
        if "link" in item:
            link = item["link"]
            parts.append(nodes.paragraph("", "", nodes.reference(link, link, refuri=link)))
        found += nodes.list_item("", *parts)
    return [found]
