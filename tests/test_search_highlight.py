"""Marking the query's words in titles and summaries (search.engine.Marker): pure Python, no services."""

from search.engine import Marker, highlight_words


def test_words_and_synonyms_longest_first():
    words = highlight_words("高企 孵化器")
    assert words.index("高新技术企业") < words.index("高企")
    assert "孵化器" in words


def test_marks_every_occurrence_and_escapes_the_rest():
    marker = Marker(["孵化器", "张江"])
    assert marker.mark("张江<b>孵化器</b>与张江") == (
        "<mark>张江</mark>&lt;b&gt;<mark>孵化器</mark>&lt;/b&gt;与<mark>张江</mark>"
    )


def test_latin_words_match_in_any_case():
    assert Marker(["ai"]).mark("AI 创新中心") == "<mark>AI</mark> 创新中心"


def test_the_longer_word_wins_where_two_overlap():
    assert Marker(["高新技术企业", "企业"]).mark("高新技术企业认定") == "<mark>高新技术企业</mark>认定"


def test_excerpt_centres_on_the_first_match():
    text = "前言" * 100 + "张江生物医药孵化器扩容" + "后记" * 100
    excerpt = Marker(["孵化器"]).excerpt(text, size=40, lead=10)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>孵化器</mark>" in excerpt
    assert len(excerpt.replace("<mark>", "").replace("</mark>", "")) == 42  # 40 characters and two …


def test_short_text_is_whole_and_no_match_is_none():
    marker = Marker(["孵化"])
    assert marker.excerpt("孵化服务。") == "<mark>孵化</mark>服务。"
    assert marker.excerpt("没有这个词。") is None
    assert Marker([]).excerpt("孵化") is None and Marker([]).mark("<孵化>") == "&lt;孵化&gt;"


def test_neighbouring_words_are_one_mark():
    assert Marker(["生物医药", "孵化器"]).mark("张江生物医药孵化器") == "张江<mark>生物医药孵化器</mark>"


def test_facet_values_are_escaped_in_the_checkboxes():
    from search.engine import FACETS, FacetValue
    from search.templatetags.search_tags import facet_fieldsets

    tag = next(f for f in FACETS if f.key == "tag")
    html = facet_fieldsets([(tag, [FacetValue('"><script>x</script>', "<b>标签</b>", 3, True)])])
    assert "<script>" not in html and "<b>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" checked>' in html
    assert '<span class="facet__count" aria-label="3 条">3</span>' in html
    assert '<legend class="facet__legend">标签</legend>' in html
