"""Every factory in tests/factories, found automatically, builds a valid saved object.

A page factory gets a parent of an allowed type (built by that type's factory, down to the home page); a
required foreign key to a page that the factory does not fill is given a page the same way. Anything else
a factory needs it must provide itself, so a new factory that cannot build alone fails here.
"""

import importlib
import inspect
import pkgutil

from django.db import models

from wagtail.models import Page

import factory
import pytest

import tests.factories
from home.models import HomePage


def discover_factories():
    found = []
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"{tests.factories.__name__}.{module_info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            # Only the factories defined here: not the bases imported from factory_boy / wagtail_factories.
            if issubclass(obj, factory.base.BaseFactory) and obj.__module__ == module.__name__:
                found.append(obj)
    return sorted(found, key=lambda f: f.__name__)


FACTORIES = discover_factories()
FACTORY_FOR_MODEL = {f._meta.model: f for f in FACTORIES}


def build_page(model, home_page):
    if model is HomePage:
        return home_page
    parents = model.allowed_parent_page_models()
    if HomePage in parents:
        parent = home_page
    elif Page in parents:
        parent = Page.get_first_root_node()
    else:
        parent_model = next((m for m in parents if m in FACTORY_FOR_MODEL), None)
        assert parent_model, f"no factory builds a parent for {model.__name__} ({parents})"
        parent = build_page(parent_model, home_page)
    return FACTORY_FOR_MODEL[model](parent=parent)


def page_foreign_keys_to_fill(factory_class):
    model = factory_class._meta.model
    return {
        field.name: field.related_model
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and not field.null
        and not field.has_default()
        and issubclass(field.related_model, Page)
        and field.name not in factory_class._meta.declarations
    }


def test_factories_are_found_and_exported():
    names = {f.__name__ for f in FACTORIES}
    assert {"HomePageFactory", "NewsPageFactory", "UserFactory", "RegistrationFactory"} <= names
    assert names == set(tests.factories.__all__)  # tests import every factory from tests.factories


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_saved_object(home_page, factory_class):
    model = factory_class._meta.model
    if model is HomePage:
        obj = factory_class(parent=Page.get_first_root_node())  # a new one, not the fixture's
    elif issubclass(model, Page):
        obj = build_page(model, home_page)
    else:
        pages = {
            name: build_page(m, home_page) for name, m in page_foreign_keys_to_fill(factory_class).items()
        }
        obj = factory_class(**pages)
    assert isinstance(obj, model) and obj.pk
    obj.full_clean()  # the model's own validation: clean(), required fields, choices, lengths
    saved = model._default_manager.get(pk=obj.pk)
    if issubclass(model, Page):
        assert saved.live and saved.specific_class is model
        assert saved.get_parent().specific_class in model.allowed_parent_page_models()
