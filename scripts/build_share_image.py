"""Build static/img/share.png, the picture shown when a portal page is shared (Open Graph, Twitter card).

Run after the map outlines or the shipped transfers change; the PNG is committed. It draws the map outlines
(static/map/southeast-asia.json) and the shipped transfers (fixtures/*.yaml) with the portal's own font:

    .venv/bin/python scripts/build_share_image.py
"""

import json
import math
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1200, 630
SUPERSAMPLE = 2  # drawn at twice the size and scaled down, for smooth lines
INK, BRAND, SEA, LAND, PARTNER, EDGE = "#1f2933", "#073b45", "#eef4f8", "#f4f4ef", "#e4eadd", "#a3adb8"
THEMES = {1: "#1d4ed8", 2: "#6d28d9", 3: "#15803d", 4: "#a14b06"}
PARTNERS = {"id", "kh", "ph", "th", "vn"}


def parse_path(d):
    """The outline format written by build_map.py: M x y l dx dy … z, whole numbers."""
    rings = []
    for part in d.split("M")[1:]:
        start, _l, steps = part.rstrip("z").partition("l")
        x, y = (int(v) for v in start.split())
        numbers = [int(v) for v in steps.replace("-", " -").split()]
        ring = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def main():
    outline = json.loads((ROOT / "static" / "map" / "southeast-asia.json").read_text(encoding="utf-8"))
    data = {}
    for path in sorted((ROOT / "fixtures").glob("*.yaml")):
        for key, items in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            data.setdefault(key, []).extend(items or [])
    towns = {town["slug"]: town for town in data["municipalities"]}
    practices = {practice["number"]: practice for practice in data["practices"]}

    s = SUPERSAMPLE
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), "white")
    draw = ImageDraw.Draw(image)
    # The map fills the left 630 × 630 px square.
    k = HEIGHT * s / outline["height"]
    bounds, scale = outline["bounds"], outline["scale"]

    def at(lat, lon):
        return ((lon - bounds["west"]) * scale * k, (bounds["north"] - lat) * scale * k)

    draw.rectangle([0, 0, HEIGHT * s, HEIGHT * s], fill=SEA)
    for country in outline["countries"]:
        for ring in parse_path(country["d"]):
            points = [(x * k, y * k) for x, y in ring]
            draw.polygon(points, fill=PARTNER if country["code"] in PARTNERS else LAND, outline=EDGE, width=s)
    for pilot in data["pilots"]:
        practice = practices[pilot["practice"]]
        a = towns[practice["municipality"]]
        b = towns[pilot["municipality"]]
        (x1, y1), (x2, y2) = at(a["latitude"], a["longitude"]), at(b["latitude"], b["longitude"])
        cx, cy = (x1 + x2) / 2 + (y2 - y1) * 0.18, (y1 + y2) / 2 - (x2 - x1) * 0.18
        curve = [
            ((1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2, (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2)
            for t in (i / 40 for i in range(41))
        ]
        draw.line(curve, fill=THEMES[practice["theme"]], width=3 * s, joint="curve")
    for town in towns.values():
        x, y = at(town["latitude"], town["longitude"])
        r = 6 * s
        draw.ellipse([x - r, y - r, x + r, y + r], fill=BRAND, outline="white", width=2 * s)
    # Outlines run a little past the frame (see build_map.MARGIN): cover that with the text panel.
    draw.rectangle([HEIGHT * s, 0, WIDTH * s, HEIGHT * s], fill="white")
    draw.line([(HEIGHT * s, 0), (HEIGHT * s, HEIGHT * s)], fill=EDGE, width=s)

    fonts = ROOT / "static" / "fonts"
    bold = ImageFont.truetype(str(fonts / "sarabun-latin-700-normal.woff2"), 84 * s)
    regular = ImageFont.truetype(str(fonts / "sarabun-latin-400-normal.woff2"), 34 * s)
    thai = ImageFont.truetype(str(fonts / "sarabun-thai-400-normal.woff2"), 34 * s)
    left = (HEIGHT + 50) * s
    draw.text((left, 150 * s), "DELGOSEA", font=bold, fill=BRAND)
    draw.text((left, 270 * s), "Knowledge Portal on good", font=regular, fill=INK)
    draw.text((left, 315 * s), "local governance", font=regular, fill=INK)
    draw.text((left, 380 * s), "คลังความรู้ว่าด้วย", font=thai, fill=INK)
    draw.text((left, 425 * s), "การปกครองท้องถิ่นที่ดี", font=thai, fill=INK)
    draw.rectangle([left, 500 * s, left + 120 * s, 508 * s], fill=THEMES[3])
    image = image.resize((WIDTH, HEIGHT), Image.LANCZOS)

    target = ROOT / "static" / "img" / "share.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size:,} bytes, {math.prod(image.size):,} pixels")


if __name__ == "__main__":
    main()
