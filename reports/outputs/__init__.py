"""A finished run's files: the spec's CSV data file, the XLSX workbook and the PDF pack."""

from reports import figures
from reports.outputs import pdf, presentation, xlsx


def area_name(run) -> str:
    return run.area.name if run.area_id else "All areas (national)"


def render_all(run, snapshot: dict) -> dict[str, bytes]:
    """Format -> bytes for every output of a run (the PDF is left out where WeasyPrint cannot run)."""
    pack = presentation.build(run, snapshot)
    name = area_name(run)
    outputs = {
        "csv": figures.data_file(run.area_ref, snapshot["figures"], published=run.published),
        "xlsx": xlsx.render(pack, name),
    }
    document = pdf.render(pack, name)
    if document is not None:
        outputs["pdf"] = document
    return outputs
