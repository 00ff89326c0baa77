from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and nothing else: body blocks, taxonomies, location, listings, paging, demo
    helpers. Imports no other app of the project."""

    name = "core"
    verbose_name = "公共基础"

    def ready(self):
        from . import public_pages

        public_pages.install()  # .public() as a subquery: no query of its own (public_pages.py)

        from . import tree

        tree.install()  # child_of/descendant_of as ranges of path, which an index answers (tree.py)

        from . import slugs

        slugs.install()  # pinyin slugs for Chinese titles in every page form (core/slugs.py)

        from . import (
            index_pages,  # noqa: F401 - connects the signals that keep cached index pages exact
            terms,  # noqa: F401 - connects the signals that keep cached taxonomy terms exact
        )
