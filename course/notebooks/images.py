"""Make notebook figures small: palette PNGs, remembered on disk so each figure is
compressed once, not on every build. The executed notebooks keep the original figures, so
a download is exactly what the kernel produced."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path



def compact_png(data: bytes) -> bytes:
    """Re-encode a PNG with an adaptive 256-colour palette; keep the original if larger."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        # Fast octree quantisation: smaller and about 7 times quicker than median cut on
        # charts, with no visible difference; no dithering keeps lines and text crisp.
        palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="PNG", compress_level=6)
    smaller = out.getvalue()
    return smaller if len(smaller) < len(data) else data


PNG_DATA = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


@dataclass
class PngCache:
    """Compacted PNGs on disk, keyed by a hash of the original; `used` lets a build prune."""

    folder: Path
    used: set[str] = field(default_factory=set)

    def compact(self, data: bytes) -> bytes:
        key = hashlib.sha256(data).hexdigest()
        self.used.add(key)
        path = self.folder / f"{key}.png"
        if path.is_file():
            return path.read_bytes()
        smaller = compact_png(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(smaller)
        return smaller

    def prune(self) -> int:
        """Delete entries this build did not use; return how many."""
        removed = 0
        for path in self.folder.glob("*.png") if self.folder.is_dir() else []:
            if path.stem not in self.used:
                path.unlink()
                removed += 1
        return removed


def compact_images(body: str, cache: PngCache | None = None) -> str:
    """Every inline PNG in an HTML fragment, compacted (through `cache` when given)."""
    compact = cache.compact if cache else compact_png

    def replace(match: re.Match[str]) -> str:
        raw = base64.b64decode("".join(match.group(1).split()))
        return 'src="data:image/png;base64,' + base64.b64encode(compact(raw)).decode() + '"'

    return PNG_DATA.sub(replace, body)
