"""Test helper: what a page shows as markdown, and whether hostile user text reached it unescaped.

``markdown_leaks(at)`` walks an AppTest run's element tree and returns every text Streamlit renders as
markdown (messages, captions, labels, help, tab / expander / popover labels, metrics, badges) that still holds
the raw markup of ``HOSTILE``. Escaped by ``ui.plain`` the text reads ``\\*\\*粗体\\*\\*`` and does not match.
"""

from __future__ import annotations

from google.protobuf.message import Message

HOSTILE = " **粗体** [点我](//elsewhere.example/x) <b>粗</b>"
RAW = ("**粗体**", "[点我](", "<b>粗</b>")  # what must never reach a markdown-rendering element unescaped

# element types whose text Streamlit shows as plain text (or draws itself): not markdown
PLAIN_TYPES = {"text", "code", "json", "html", "arrow_data_frame", "dataframe", "table", "plotly_chart",
               "component_instance", "vega_lite_chart", "exception", "image", "progress"}
MARKDOWN_FIELDS = {"body", "label", "help", "delta"}


def _strings(message: Message, names=MARKDOWN_FIELDS):
    for descriptor, value in message.ListFields():
        if descriptor.message_type is not None:
            for item in ([value] if isinstance(value, Message) else value):
                if isinstance(item, Message):
                    yield from _strings(item, names)
        elif descriptor.name in names and isinstance(value, str):
            yield value


def _nodes(block):
    for child in getattr(block, "children", {}).values():
        yield child
        yield from _nodes(child)


def markdown_leaks(at) -> list[tuple[str, str]]:
    """(element type, text) of every markdown-rendered text on the page that holds the raw markup."""
    leaks = []
    for node in _nodes(at._tree):
        if getattr(node, "type", None) in PLAIN_TYPES or getattr(node, "proto", None) is None:
            continue
        for text in _strings(node.proto):
            if any(raw in text for raw in RAW):
                leaks.append((node.type, text))
    return leaks
