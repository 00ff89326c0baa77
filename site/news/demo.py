"""Demo content: the news index, news items, and the seed policy as a 政策文件 article.

The content is in demo_data/ (news.yaml, and the policy's recovered text); this module only loads it.
"""

import datetime
import re
from pathlib import Path

from core.demo import demo_data_path, ensure_image, ensure_page, load_demo_data

from .models import NewsCategory, NewsIndexPage, NewsPage

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "news.yaml": {
        ".": {"source", "paragraphs"},
        "index": {"slug", "title", "intro"},
        "policy": {"slug", "tags", "text_file", "plan_title", "fields", "call_to_action"},
        "policy.fields": {"title", "date", "category", "summary", "gov_doc_no"},
        "policy.call_to_action": {"title", "text", "link_url", "link_text"},
        "news[]": {"title", "category", "tags", "summary"},
    },
}
# Dates are spread back from a fixed day, so the same seed gives the same content on any day.
ANCHOR_DATE = datetime.date(2026, 11, 20)


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _policy_body(policy):
    """The policy text as heading and paragraph blocks, plus a link to the official original."""
    text = demo_data_path(APP_DIR, policy["text_file"]).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    paragraphs = [line for line in lines[1:] if line and not line.startswith("［")]
    # The recovered text ends mid-sentence; keep only complete paragraphs.
    while (
        paragraphs
        and not re.search(r"[。：；！）]$", paragraphs[-1])
        and not re.match(r"^[一二三四五六七八九十]+、", paragraphs[-1])
    ):
        paragraphs.pop()
    body = []
    for text in paragraphs:
        if re.match(r"^[一二三四五六七八九十]+、", text) or text == policy["plan_title"]:
            body.append(("heading", {"text": text, "level": "h2"}))
        elif re.match(r"^（[一二三四五六七八九十]+）", text) and len(text) < 40:
            body.append(("heading", {"text": text, "level": "h3"}))
        else:
            body.append(("paragraph", f"<p>{text}</p>"))
    body.append(("call_to_action", {**policy["call_to_action"], "link_page": None}))
    return body


def news(ctx):
    data = load("news.yaml")
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        NewsIndexPage,
        data["index"]["slug"],
        title=data["index"]["title"],
        show_in_menus=True,
        intro=data["index"]["intro"],
    )
    ctx.objects["news_index"] = index

    policy = data["policy"]
    ctx.objects["policy"] = ensure_page(
        ctx,
        index,
        NewsPage,
        policy["slug"],
        tags=policy["tags"],
        body=_policy_body(policy),
        **policy["fields"],
    )

    rng = ctx.rng("news")
    day = 0
    for number, item in enumerate(data["news"], start=1):
        day += rng.randint(2, 9)
        cover = ensure_image(ctx, f"新闻配图 {number:02d}", item["tags"][0], f"news-{number}")
        paragraphs = [item["summary"], *data["paragraphs"]]
        ensure_page(
            ctx,
            index,
            NewsPage,
            f"news-{number:02d}",
            tags=item["tags"],
            title=item["title"],
            date=ANCHOR_DATE - datetime.timedelta(days=day),
            category=NewsCategory(item["category"]),
            summary=item["summary"],
            source=item.get("source", data["source"]),
            cover_image=cover,
            body=[("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))],
        )
    ctx.log(f"新闻 {len(data['news'])} 条与政策原文 ✓")
