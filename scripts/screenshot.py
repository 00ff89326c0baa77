"""Screenshots of pages in headless Chromium.

`python scripts/screenshot.py URL OUT.png [--width 1280] [--full] [--phone] [--cookie cf_elder=1]`
(--phone: a 390 px wide touch viewport; --cookie NAME=VALUE sets a cookie for the URL's host, e.g. 长者模式).
"""

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--phone", action="store_true", help="390x844 touch viewport at 3x")
    parser.add_argument("--cookie", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if args.phone:
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
            )
        else:
            context = browser.new_context(viewport={"width": args.width, "height": args.height})
        cookies = [
            {"name": c.split("=", 1)[0], "value": c.split("=", 1)[1], "url": args.url} for c in args.cookie
        ]
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        page.goto(args.url, wait_until="networkidle")
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
