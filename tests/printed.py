"""The documents as a reader prints them: HTML through headless Chromium at letter size,
Word through LibreOffice, each to a PDF whose pages are read back as text (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PATIENCE = 180
"""Seconds a conversion may take on a busy machine (a limit, not a measured speed)."""


def chromium() -> str | None:
    """The Chromium to print with, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def soffice() -> str | None:
    """LibreOffice, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def can_print() -> bool:
    """Whether both converters and pdftotext are here."""
    return bool(chromium() and soffice() and shutil.which("pdftotext"))


def html_to_pdf(page: Path, pdf: Path, profile: Path) -> Path:
    """Print `page` as Chromium prints it (its print stylesheet, no header of its own)."""
    executable = chromium()
    assert executable is not None, "chromium is not installed"
    subprocess.run(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=PATIENCE,
    )
    return pdf


def docx_to_pdf(document: Path, folder: Path, profile: Path) -> Path:
    """Print `document` as LibreOffice Writer lays it out."""
    executable = soffice()
    assert executable is not None, "LibreOffice is not installed"
    subprocess.run(
        [
            executable,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=PATIENCE,
    )
    return folder / (document.stem + ".pdf")


def pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page of `pdf`: laid out as on the page (a table row on one
    line), or with `layout=False` in reading order (a table cell's words together)."""
    text = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    ).stdout
    found = text.split("\f")
    if found and not found[-1].strip():
        found = found[:-1]  # pdftotext ends the last page with a form feed too
    return found
