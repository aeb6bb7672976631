"""Never leave a site that looks complete after a failed build."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>
<body><main><h1>The site did not build</h1>
<p>This folder holds no usable site because the last build failed. The build printed
what is wrong and where; fix it and build again.</p>
<pre>{message}</pre></main></body></html>
"""


def clear_site(site_dir: Path, message: str) -> None:
    """Empty site_dir and leave one page that says the build failed and why."""
    if site_dir.is_dir():
        for child in site_dir.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "index.html").write_text(PAGE.format(message=html.escape(message)), encoding="utf-8")
