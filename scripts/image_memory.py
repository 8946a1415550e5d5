#!/usr/bin/env python3
"""Peak memory of the largest photo the portal accepts, from upload to first page view.

    make image-memory                      # before (BEFORE_REV's delgosea/images.py) and after (this checkout)
    BEFORE_REV=main make image-memory      # compare with another revision

An 8000 × 5000 JPEG and PNG (40 megapixels: IMAGE_MAX_PIXELS and IMAGE_MAX_SIDE, under IMAGE_MAX_BYTES) go
through the steps an editor's upload and the first visitor's page cause:
  upload: clean_upload (checks, re-encodes without metadata), the model's validate_image, the storage save,
          and build_renditions where the code has it (the admin's save_model);
  view:   rendition_url for each width the practice page shows (it made the renditions, before).
Each step runs in a fresh Python process that reports its peak resident set size (getrusage ru_maxrss): Pillow's
pixel buffers are allocated outside Python's allocator, so tracemalloc would not see them. "baseline" is the
process after Django is set up, before the step; the step's cost is peak − baseline. Files go to a temporary
MEDIA_ROOT; no database is used.
"""

import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# The last commit before renditions were made at upload time.
BEFORE_REV = os.environ.get("BEFORE_REV", "73b92e7")
SIZE = (8000, 5000)
WIDTHS = (960, 480)  # as templates/practices/bestpractice_detail.html asks for them


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def make_images(folder):
    """A photo-like JPEG (smooth gradients with grain) and a PNG of the same pixels, both under 5 MB."""
    from PIL import Image

    width, height = SIZE
    red = Image.linear_gradient("L").resize(SIZE)
    green = Image.radial_gradient("L").resize(SIZE)
    blue = Image.effect_noise(SIZE, 12).point(lambda v: v // 2 + 60)
    image = Image.merge("RGB", (red, green, blue))
    image.save(folder / "photo.jpg", "JPEG", quality=85)
    Image.merge("RGB", (red, green, red)).save(folder / "logo.png", "PNG")


def load_images_module(source):
    spec = importlib.util.spec_from_file_location("measured_images", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(step, images_source, path, stored_name):
    import django

    django.setup()
    from django.core.files import File

    from practices.models import BestPractice

    images = load_images_module(images_source)
    baseline = peak_mb()
    if step == "upload":
        with open(path, "rb") as handle:
            stored = images.clean_upload(File(handle, name=Path(path).name))
        practice = BestPractice(photo=stored)
        images.validate_image(practice.photo)
        practice.photo.save(stored.name, stored, save=False)
        if hasattr(images, "build_renditions"):
            images.build_renditions(practice.photo)
        stored_name = practice.photo.name
    else:
        practice = BestPractice(photo=stored_name)
        for width in WIDTHS:
            images.rendition_url(practice.photo, width)
    print(json.dumps({"baseline": baseline, "peak": peak_mb(), "name": stored_name}))


def run_step(step, images_source, path, media_root, stored_name=""):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "MEDIA_ROOT": str(media_root),
        "CACHE_URL": "locmem://",
        "DEBUG": "1",
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    args = [sys.executable, __file__, "--child", step, str(images_source), str(path), stored_name]
    result = subprocess.run(args, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        before = tmp / "images_before.py"
        before.write_bytes(subprocess.check_output(["git", "show", f"{BEFORE_REV}:delgosea/images.py"], cwd=BASE_DIR))
        versions = {f"before ({BEFORE_REV})": before, "after (this checkout)": BASE_DIR / "delgosea" / "images.py"}
        # In a process of its own: a child process starts with its parent's peak RSS as its own.
        subprocess.run([sys.executable, __file__, "--make-images", str(tmp)], check=True)
        images = {"JPEG": tmp / "photo.jpg", "PNG": tmp / "logo.png"}
        print(f"Peak RSS in MB of each step, 8000 × 5000 pixels; cost = peak − baseline ({sys.executable})\n")
        print("| image | code | upload: peak | upload: cost | first view: peak | first view: cost |")
        print("|---|---|---:|---:|---:|---:|")
        for fmt, path in images.items():
            for n, (label, source) in enumerate(versions.items()):
                media = tmp / f"media-{fmt}-{n}"
                upload = run_step("upload", source, path, media)
                view = run_step("view", source, path, media, upload["name"])
                print(
                    f"| {fmt} {path.stat().st_size / 1_048_576:.1f} MB | {label} "
                    f"| {upload['peak']:.0f} | {upload['peak'] - upload['baseline']:.0f} "
                    f"| {view['peak']:.0f} | {view['peak'] - view['baseline']:.0f} |"
                )


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    elif len(sys.argv) > 1 and sys.argv[1] == "--make-images":
        make_images(Path(sys.argv[2]))
    else:
        main()
