"""The Membership Monitoring Report draft as a file: Markdown, or an editable Word document.

Staff finish the report in a word processor and send it on, so the file uses Word's own styles:
a heading per section, bulleted lists for entries and their facts, and the sources as a numbered
list the draft's [n] markers point to.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document

from hub.monitoring import MonitoringReport

MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(report: MonitoringReport, fmt: str) -> bytes:
    """The draft in one of MEDIA_TYPES' formats, as the CLI writes it and the hub serves it."""
    return report.markdown().encode("utf-8") if fmt == "md" else report_docx(report)


def report_docx(report: MonitoringReport) -> bytes:
    """The draft as a .docx file's bytes."""
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = report.lang
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.period_line)
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for item in section.items:
            document.add_paragraph(style="List Bullet").add_run(item.title).bold = True
            for line in item.lines:
                document.add_paragraph(line, style="List Bullet 2")
        if not section.items:
            document.add_paragraph(report.labels["nothing"], style="List Bullet")
    document.add_heading(report.labels["sources"], level=1)
    for number, url in enumerate(report.sources, start=1):
        document.add_paragraph(f"[{number}] {url}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
