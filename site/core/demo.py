"""Building blocks for `manage.py load_demo`: demo data files, idempotent page, image and user creation.

Demo content lives in data files in a `demo_data` folder beside each app's demo module; the demo modules
only load them (`load_demo_data`) and turn them into pages.

"Idempotent" here means a second run with the same seed writes nothing: a page is only saved (and a
new revision published) when one of its fields would actually change.
"""

import csv
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Page

import yaml
from PIL import Image, ImageDraw, ImageFont

DEMO_DATA_DIR = "demo_data"


def demo_data_path(app_dir, name):
    """The data file `name` in the `demo_data` folder beside an app's demo module."""
    return Path(app_dir) / DEMO_DATA_DIR / name


def load_demo_data(app_dir, name, required=None):
    """Parse `<app_dir>/demo_data/<name>`: YAML (.yaml/.yml), JSON, or CSV (a list of dicts of strings).

    `app_dir` is usually `Path(__file__).parent` of the calling demo module. With `required` (see
    `missing_demo_keys`), a file that lacks a key fails here, naming the entry, not later with a KeyError."""
    path = demo_data_path(app_dir, name)
    with path.open(encoding="utf-8", newline="") as f:
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(f)
        elif path.suffix == ".json":
            data = json.load(f)
        elif path.suffix == ".csv":
            data = list(csv.DictReader(f))
        else:
            raise ValueError(f"unsupported demo data file: {path}")
    problems = missing_demo_keys(data, required or {})
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return data


def missing_demo_keys(data, required):
    """Where `data` lacks a required key, as readable strings (empty when nothing is missing).

    `required` maps a section to the keys each of its entries must have. A section is "." (the document
    is one entry), "name" (the mapping under `name` is one entry), "name[]" (each item of the list under
    `name`), "name{}" (each value of the mapping under `name`) or "[]" (each item of the document); a
    name may be a dotted path ("page.agenda[]")."""
    problems = []
    for section, keys in required.items():
        name = section.rstrip("[]{}")
        value = data
        for part in name.split(".") if name not in ("", ".") else []:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            problems.append(f"no section {name!r}")
            continue
        if section.endswith("[]"):
            entries = list(enumerate(value)) if isinstance(value, list) else None
        elif section.endswith("{}"):
            entries = list(value.items()) if isinstance(value, dict) else None
        else:
            entries = [(None, value)] if isinstance(value, dict) else None
        if entries is None:
            problems.append(f"section {section!r} has the wrong shape")
            continue
        for key, entry in entries:
            where = name if key is None else f"{name}[{key!r}]"
            if not isinstance(entry, dict):
                problems.append(f"{where} is not a mapping")
            elif missing := sorted(set(keys) - set(entry)):
                problems.append(f"{where} lacks {', '.join(missing)}")
    return problems


def stream(blocks):
    """StreamField content from data: a list of `{type: ..., value: ...}` becomes (type, value) pairs."""
    return [(block["type"], block["value"]) for block in blocks]


@dataclass
class DemoContext:
    seed: int
    stdout: object
    style: object
    stats: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    objects: dict = field(default_factory=dict)

    def rng(self, name):
        """A random generator per step, so adding a step never changes another step's content."""
        return random.Random(f"{self.seed}:{name}")

    def count(self, outcome):
        self.stats[outcome] += 1

    def log(self, message):
        self.stdout.write(f"  {message}")


def _strip_block_ids(value):
    if isinstance(value, list):
        return [_strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _strip_block_ids(v) for k, v in value.items() if k != "id"}
    return value


def _comparable(model, name, value):
    model_field = model._meta.get_field(name)
    if getattr(model_field, "is_relation", False) and model_field.many_to_one:
        return getattr(value, "pk", value)
    prepared = model_field.get_prep_value(value)
    if model_field.get_internal_type() == "StreamField" or model_field.__class__.__name__ == "StreamField":
        if isinstance(prepared, str):
            prepared = json.loads(prepared)
        return json.dumps(_strip_block_ids(prepared), ensure_ascii=False, sort_keys=True)
    return prepared


def ensure_page(ctx, parent, model, slug, tags=None, relations=None, **fields):
    """Create the child page `slug` under `parent`, or update it only where its fields differ.

    `relations` maps ParentalManyToManyField names to the objects the page should hold."""
    existing = model.objects.child_of(parent).filter(slug=slug).first() if parent else None
    if existing is None:
        page = model(slug=slug, **fields)
        for name, objects in (relations or {}).items():
            getattr(page, name).set(objects)
        parent.add_child(instance=page)
        if tags is not None:
            page.tags.set(tags)
        page.save_revision().publish()
        ctx.count("created")
        return page

    return update_page(ctx, existing, tags=tags, relations=relations, **fields)


def update_page(ctx, page, tags=None, relations=None, **fields):
    """Publish new values for `page` only where they differ from what it has."""
    model = type(page)
    probe = model(**fields)
    changed = [
        name
        for name in fields
        if _comparable(model, name, getattr(page, name)) != _comparable(model, name, getattr(probe, name))
    ]
    tags_changed = tags is not None and sorted(page.tags.names()) != sorted(tags)
    relations_changed = {
        name: objects
        for name, objects in (relations or {}).items()
        if sorted(o.pk for o in getattr(page, name).all()) != sorted(o.pk for o in objects)
    }
    if (
        not changed
        and not tags_changed
        and not relations_changed
        and page.live
        and not page.has_unpublished_changes
    ):
        ctx.count("unchanged")
        return page
    for name in changed:
        setattr(page, name, getattr(probe, name))
    if tags_changed:
        page.tags.set(tags)
    for name, objects in relations_changed.items():
        getattr(page, name).set(objects)
    page.save_revision().publish()
    ctx.count("updated")
    return page


def _font(size):
    for path in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


PALETTES = [
    ("#0b2f63", "#1463c1"),
    ("#7a0e14", "#c8402e"),
    ("#0f4a2c", "#2f8f5b"),
    ("#3d1a6e", "#7b4bc4"),
    ("#5c2c00", "#c06a12"),
    ("#093c4f", "#1f8aa8"),
]


def render_cover(rng, label, size=(1200, 675)):
    """A generated cover: gradient, a few geometric shapes and a short label. No downloads."""
    top, bottom = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    t = tuple(int(top[i : i + 2], 16) for i in (1, 3, 5))
    b = tuple(int(bottom[i : i + 2], 16) for i in (1, 3, 5))
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(t[c] + (b[c] - t[c]) * mix) for c in range(3)))
    for _ in range(6):
        r = rng.randint(60, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=rng.randint(2, 6))
    if label:
        draw.text((80, height - 200), label, fill=(255, 255, 255), font=_font(88))
        draw.rectangle([80, height - 80, 200, height - 70], fill=(255, 191, 71))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer


def ensure_image(ctx, title, label, rng_name):
    """A generated image, created once and found by title afterwards."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        ctx.count("unchanged")
        return existing
    buffer = render_cover(ctx.rng(rng_name), label)
    image = Image_(
        title=title,
        file=ImageFile(buffer, name=f"demo-{hashlib.sha256(title.encode()).hexdigest()[:10]}.png"),
    )
    image.save()
    ctx.count("created")
    return image


def root_page():
    return Page.get_first_root_node()
