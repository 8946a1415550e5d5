"""Build static/map/southeast-asia.json, the country outlines behind the transfer map.

Run once when the outlines should change; the result is committed, so the portal never needs this script,
the npm package or the network. The input is Natural Earth's 1:50m country boundaries (public domain) as
TopoJSON, from the `world-atlas` npm package:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_map.py /tmp/package/countries-50m.json

The outlines are clipped to Southeast Asia, projected equirectangularly (x grows with longitude, y with
latitude southwards), simplified to about one pixel at the drawn size and written as SVG path data in whole
map units, so the file stays small enough to inline into a page. practices/transfer_map.py projects the
cities with the same numbers, read from the file itself.
"""

import argparse
import json
import math
from pathlib import Path

WEST, SOUTH, EAST, NORTH = 92.0, -12.0, 128.0, 24.0
SCALE = 20  # map units per degree: the map is 720 units wide and high
MARGIN = 1.0  # degrees drawn beyond the frame, so clipped edges fall outside the visible area
TOLERANCE = 0.7  # map units: points closer than this to a simplified line are dropped
MIN_AREA = 3.0  # square map units: smaller islets are left out
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "map" / "southeast-asia.json"

# ISO 3166-1 numeric (world-atlas ids) → alpha-2, for the countries that reach into the frame.
ALPHA2 = {
    "036": "au", "050": "bd", "096": "bn", "104": "mm", "116": "kh", "156": "cn", "158": "tw", "356": "in",
    "360": "id", "418": "la", "458": "my", "598": "pg", "608": "ph", "626": "tl", "702": "sg", "704": "vn",
    "764": "th",
}  # fmt: skip


def decode_arcs(topology):
    """TopoJSON arcs are delta-encoded integers; turn them into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry, arcs):
    if geometry["type"] == "Polygon":
        yield [ring_points(ring, arcs) for ring in geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["arcs"]:
            yield [ring_points(ring, arcs) for ring in polygon]


def clip(ring, west, south, east, north):
    """Sutherland–Hodgman clipping of one ring against the frame."""
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        result = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        ring = result
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def project(lon, lat):
    return ((lon - WEST) * SCALE, (NORTH - lat) * SCALE)


def simplify(points, tolerance):
    """Douglas–Peucker on an open polyline (iterative, so long coastlines do not hit the recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, worst_index = 0.0, None
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_index = distance, index
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack.extend([(first, worst_index), (worst_index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def path_data(rings):
    """Rings as compact SVG path data: whole units, relative moves after the first point of each ring."""
    parts = []
    for ring in rings:
        rounded = []
        for x, y in ring:
            point = (round(x), round(y))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) < 3:
            continue
        (x0, y0), steps = rounded[0], []
        previous = rounded[0]
        for x, y in rounded[1:]:
            steps.append(f"{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        parts.append(f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def build(topology):
    arcs = decode_arcs(topology)
    frame = (WEST - MARGIN, SOUTH - MARGIN, EAST + MARGIN, NORTH + MARGIN)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = []
        for polygon in polygons(geometry, arcs):
            for ring in polygon:
                clipped = clip(ring, *frame)
                if len(clipped) < 3:
                    continue
                projected = [project(lon, lat) for lon, lat in clipped]
                if area(projected) < MIN_AREA:
                    continue
                simplified = simplify(projected + projected[:1], TOLERANCE)[:-1]
                if len(simplified) >= 3:
                    rings.append(simplified)
        d = path_data(rings)
        if d:
            code = ALPHA2.get(geometry.get("id"), "")
            countries.append({"code": code, "name": geometry["properties"]["name"], "d": d})
    countries.sort(key=lambda country: country["name"])
    return {
        "attribution": "Made with Natural Earth (naturalearthdata.com), public domain; "
        "via the world-atlas package 2.0.2 (Natural Earth 4.1.0, 1:50m).",
        "projection": "equirectangular",
        "bounds": {"west": WEST, "south": SOUTH, "east": EAST, "north": NORTH},
        "scale": SCALE,
        "width": round((EAST - WEST) * SCALE),
        "height": round((NORTH - SOUTH) * SCALE),
        "countries": countries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json from the world-atlas npm package")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    result = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(result['countries'])} countries, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
