"""The public sample of spec/sample, found as ../shared from the repository root. A test that needs it fails
(never skips) where it is missing: CI always has it."""

import io
from pathlib import Path

from django.conf import settings

SAMPLE = Path(settings.BASE_DIR).parent / "shared" / "spec" / "sample"
AREAS = ["DOR", "WYK", "DBY"]


def sample_path(name: str) -> Path:
    path = SAMPLE / name
    assert path.exists(), f"{path} is missing: the report tests need ../shared/spec/sample beside the repository"
    return path


def expected(area_ref: str, *, published: bool = False) -> bytes:
    return sample_path(f"expected-2025-04-{area_ref}{'-published' if published else ''}.csv").read_bytes()


def import_sample(*, skip_types: tuple[str, ...] = ()) -> None:
    """Import records.jsonl through the interchange importer (all or nothing)."""
    from dip.interchange.importer import import_stream

    lines = sample_path("records.jsonl").read_bytes().splitlines(keepends=True)
    kept = b"".join(line for line in lines if not any(f'"type": "{t}"'.encode() in line for t in skip_types))
    result = import_stream(io.BytesIO(kept), name="records.jsonl", user=None)
    assert result.ok, [str(p) for p in result.problems]
