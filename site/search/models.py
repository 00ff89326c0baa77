from django.db import models


class IndexChange(models.Model):
    """A change to a searchable object that the index must reflect: the durable outbox of index sync.

    Written in the same transaction as the change itself, so a commit always leaves a record; applied
    (and retried until Elasticsearch answers) by search.outbox.apply_pending. The rebuild command re-applies
    every change made while it ran.
    """

    key = models.CharField(max_length=50)  # search.registry key
    object_id = models.CharField(max_length=64)
    changed_at = models.DateTimeField(db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "object_id"], name="search_indexchange_unique")]
        verbose_name = "索引变更"
        verbose_name_plural = "索引变更"

    def __str__(self):
        return f"{self.key}:{self.object_id}"


class QueryDay(models.Model):
    """How often a query was searched on one day, and how often it found nothing.

    The query text and counts only: no user, session, address or time of day, and queries that look like
    contact data (e-mail addresses, long digit runs) are never recorded (search.querylog).
    """

    query = models.CharField(max_length=100)
    day = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    no_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="search_queryday_unique")]
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"

    def __str__(self):
        return f"{self.day} {self.query}"


class SearchEntry(models.Model):
    """One public document for the database search (the embedded default and the 精简搜索 fallback).

    Written by the sync path in the change's own transaction (search.sync, search.table) from the same
    registry documents Elasticsearch indexes; `pinyin`/`initials` hold the title's prefix keys (each after
    a space) so autocomplete and pinyin queries are one substring match on SQLite and PostgreSQL alike.
    """

    key = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    type_label = models.CharField(max_length=50)
    summary = models.TextField(blank=True)
    attributes = models.TextField(blank=True)  # category, tags, areas, industries, keywords: one per line
    pinyin = models.TextField(blank=True)
    initials = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "object_id"], name="search_searchentry_unique")]
        verbose_name = "数据库检索条目"
        verbose_name_plural = "数据库检索条目"

    def __str__(self):
        return self.title
