"""Vendor GOV.UK Frontend's precompiled dist into static/govuk (no Node build at run time).

Usage: npm pack govuk-frontend@6.6.0 && python scripts/vendor_frontend.py govuk-frontend-6.6.0.tgz

This service is not on GOV.UK, so the GDS Transport font is stripped (fallback: arial) and not
shipped. Absolute asset URLs are made relative so ManifestStaticFilesStorage can hash them.
"""

import pathlib
import re
import sys
import tarfile

PREFIX = "package/dist/govuk/"


def main(tgz: str, dest: pathlib.Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tf:
        members = {m.name: m for m in tf.getmembers()}

        def read(name: str) -> bytes:
            return tf.extractfile(members[PREFIX + name]).read()

        for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map", "govuk-frontend.min.css.map"):
            (dest / name).write_bytes(read(name))
        for member in members:
            if member.startswith(PREFIX + "assets/images/"):
                out = dest / member.removeprefix(PREFIX)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(tf.extractfile(members[member]).read())
        licence = tf.extractfile(members["package/package.json"]).read()
        css = read("govuk-frontend.min.css").decode()
    css = css.replace("url(/assets/", "url(assets/")
    css = re.sub(r'@font-face\{font-family:"?GDS Transport"?;[^}]*\}', "", css)
    (dest / "govuk-frontend.min.css").write_text(css)
    (dest / "LICENSE.txt").write_text(
        "GOV.UK Frontend 6.6.0, MIT licence, Crown Copyright (Government Digital Service).\n"
        "https://github.com/alphagov/govuk-frontend/blob/main/LICENSE.txt\n"
        f"Vendored from the npm tarball; package.json size {len(licence)} bytes.\n"
    )


if __name__ == "__main__":
    main(sys.argv[1], pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "static/govuk"))
