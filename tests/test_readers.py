"""Readers turn every input format into Documents, and fail clearly on bad input.

All fixtures are written here (invented places and parties); WARC archives are
built with warcio's own writer so the reader is tested on real WARC bytes.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger import readers
from claimledger.errors import InputError
from claimledger.readers import ReadResult, expand_inputs, iter_documents, iter_stream, parse_published

ARTICLE = (
    "Floods and shelling in Tervel\n\n"
    "At least 12 people were killed in the Varnian town of Osk on Monday, the regional governor said. "
    "The fire brigade reported 30 injured across the district of Tervel.\n\n"
    "More than 200 homes were destroyed, according to the mayor of Osk, who spoke to reporters on Monday."
)


def page(body: str = ARTICLE, *, date: str = "2024-05-06", title: str = "Floods in Tervel") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="og:url" content="https://news.example/tervel">'
        f'<meta name="date" content="{date}"></head>'
        f"<body><nav>Home | World | Sport</nav><article>{paras}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], *, gz: bool = True) -> None:
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=gz)
        for url, body, ctype in pages:
            w.write_record(
                w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.0\r\n\r\n"))
            )
            hh = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh))


def one(spec: Path | str, **kw: str) -> ReadResult:
    results = list(iter_documents(str(spec), **kw))
    assert len(results) == 1
    return results[0]


def test_public_api_is_what_we_mean() -> None:
    for name in ("ReadResult", "expand_inputs", "iter_documents", "iter_stream", "parse_published"):
        assert name in readers.__all__
    assert set(readers.READERS) == {"txt", "html", "jsonl", "warc", "stdin"}


# --- plain text -------------------------------------------------------------------------------------


def test_txt_is_one_document_with_the_exact_text(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())  # a BOM is dropped, nothing else changes
    r = one(p)
    assert (r.origin, r.fmt, r.error) == (str(p), "txt", None)
    assert r.document is not None and r.document.text == ARTICLE


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (gzip.compress(ARTICLE.encode(), mtime=0), "is gzip-compressed, not plain text: decompress it first"),
        (bz2.compress(ARTICLE.encode() * 50), "is bzip2-compressed, not plain text"),
        (lzma.compress(ARTICLE.encode()), "is xz-compressed, not plain text"),
        ("Caf\u00e9 owners counted 40 dead.".encode("latin-1"), "is not valid UTF-8 (byte 3); if you know"),
    ],
)
def test_unreadable_text_files_raise_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(iter_documents(str(p)))
    assert err.value.where == str(p)
    assert problem in err.value.problem
    if "UTF-8" in problem:
        assert "--encoding" in err.value.problem


def test_encoding_option_decodes_legacy_text(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes("Caf\u00e9 owners counted 40 dead.".encode("latin-1"))
    r = one(p, encoding="latin-1")
    assert r.document is not None and r.document.text.startswith("Café")
    with pytest.raises(InputError, match="unknown encoding"):
        list(iter_documents(str(p), encoding="klingon-8"))


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents(str(tmp_path / "nope.txt")))
    with pytest.raises(InputError, match="is a directory"):
        list(iter_documents(str(tmp_path)))


def test_stdin_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    r = one("-")
    assert (r.origin, r.fmt) == ("stdin", "stdin")
    assert r.document is not None and r.document.text == ARTICLE


def test_unseekable_streams_are_sniffed_and_replayed() -> None:
    class Pipe(io.RawIOBase):
        """A pipe-like stream: no seek, short reads."""

        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
            n = min(len(buf), 7, len(self.data))
            buf[:n] = self.data[:n]
            self.data = self.data[n:]
            return n

    lines = "".join(json.dumps({"text": f"{i} killed in Osk."}) + "\n" for i in range(3000))
    results = list(iter_stream(Pipe(lines.encode()), "feed.jsonl"))  # type: ignore[arg-type]
    assert len(results) == 3000 and all(r.ok for r in results)
    assert results[-1].document is not None and results[-1].document.text == "2999 killed in Osk."


# --- HTML -------------------------------------------------------------------------------------------


def test_html_gives_article_text_title_date_and_url(tmp_path: Path) -> None:
    p = tmp_path / "story.html"
    p.write_bytes(page())
    r = one(p)
    assert r.fmt == "html" and r.document is not None
    doc = r.document
    assert "At least 12 people were killed" in doc.text
    assert "Copyright" not in doc.text and "Home | World" not in doc.text
    assert (doc.title, doc.published, doc.url) == (
        "Floods in Tervel",
        "2024-05-06",
        "https://news.example/tervel",
    )


def test_html_keeps_dates_in_a_future_calendar(tmp_path: Path) -> None:
    p = tmp_path / "story.htm"
    p.write_bytes(page(date="2031-03-11"))
    assert one(p).document.published == "2031-03-11"  # type: ignore[union-attr]


def test_html_without_article_text_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_bytes(b"<html><head><title>x</title></head><body></body></html>")
    with pytest.raises(InputError, match="no article text"):
        list(iter_documents(str(p)))


def test_html_is_recognised_by_content_without_a_suffix(tmp_path: Path) -> None:
    p = tmp_path / "download"
    p.write_bytes(page())
    assert one(p).fmt == "html"


# --- JSON Lines -------------------------------------------------------------------------------------


def test_jsonl_reads_articles_and_reports_bad_lines_without_stopping(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"text": "Nine killed in Brask.", "url": "u1", "outlet": "Brask Post", "published": "2031-01-02"}
        ),
        "",
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Fine words.", "published": "yesterday-ish"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Ten hurt.", "url": 7}),
        json.dumps({"text": "Eleven detained.", "published": "Tue, 11 Mar 2031 10:00:00 GMT", "title": "T"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(iter_documents(str(p)))
    by_origin = {r.origin: r for r in results}
    assert [r.origin for r in results] == [f"{p}:{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10)]
    first = by_origin[f"{p}:1"].document
    assert first is not None and (first.url, first.outlet, first.published) == (
        "u1",
        "Brask Post",
        "2031-01-02",
    )
    expected = {
        3: "not valid JSON",
        4: "has no 'text' field",
        5: "'text' must be a string, not a number",
        6: "JSON list, not an object",
        7: "published date 'yesterday-ish' is not a date",
        8: "'text' is empty",
        9: "'url' must be a string",
    }
    for line, problem in expected.items():
        r = by_origin[f"{p}:{line}"]
        assert r.document is None and r.error is not None and problem in r.error, (line, r.error)
    last = by_origin[f"{p}:10"].document
    assert last is not None and last.published == "2031-03-11" and last.title == "T"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"text": "Twelve killed, officials said', "(Unterminated string starting at column 10)"),
        ('{"text": "Twelve killed." "x"}', "(Expecting ',' delimiter at column 27)"),
        ('{"text": "Twelve killed."} trailing', "(Extra data at column 28)"),
    ],
)
def test_jsonl_broken_line_names_the_column_once(tmp_path: Path, line: str, problem: str) -> None:
    p = tmp_path / "broken.jsonl"
    p.write_text(line, encoding="utf-8")  # the last line, without its newline
    (r,) = iter_documents(str(p))
    assert r.error == f"line is not valid JSON {problem}"
    assert "at at" not in r.error


def test_jsonl_lone_surrogate_escapes_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "escaped.jsonl"
    p.write_text('{"text": "Bad \\ud800 text, 12 killed."}\n{"text": "Fine \\u00e9 text."}\n')
    bad, good = iter_documents(str(p))
    assert bad.error is not None and "lone surrogate" in bad.error
    assert good.document is not None and good.document.text == "Fine é text."


def test_jsonl_bad_encoding_on_one_line_is_a_line_error(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "Five killed."}\n{"text": "Caf\xe9 hit, 3 hurt."}\n')
    results = list(iter_documents(str(p)))
    assert results[0].ok and not results[1].ok
    assert results[1].error is not None and "UTF-8" in results[1].error and "--encoding" in results[1].error


def test_empty_or_binary_jsonl_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "nothing.jsonl"
    p.write_bytes(b"\n\n   \n")
    with pytest.raises(InputError, match="is empty"):
        list(iter_documents(str(p)))
    p.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    with pytest.raises(InputError, match="binary"):
        list(iter_documents(str(p)))


def test_jsonl_streams_a_long_single_line(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    body = "Twelve were killed in Osk. " * 200_000  # ~5 MB in one line
    p.write_text(json.dumps({"text": body}) + "\n", encoding="utf-8")
    r = one(p)
    assert r.document is not None and r.document.text == body


# --- WARC -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles(tmp_path: Path, gz: bool) -> None:
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(
        p,
        [
            ("https://news.example/a", page(), "text/html; charset=utf-8"),
            ("https://news.example/logo.png", b"\x89PNG\r\n", "image/png"),
            ("https://news.example/b", page(ARTICLE.replace("12", "14"), date="2024-05-07"), "text/html"),
            ("https://news.example/c", b"<html><body></body></html>", "text/html"),
        ],
        gz=gz,
    )
    results = list(iter_documents(str(p)))
    assert [r.fmt for r in results] == ["warc"] * 3
    assert all(r.origin.startswith(f"{p}#urn:uuid:") for r in results)
    a, b, c = results
    assert a.document is not None and a.document.url == "https://news.example/a"
    assert b.document is not None and "At least 14 people" in b.document.text
    assert b.document.published == "2024-05-07"
    assert c.document is None and c.error == "no article text found in the HTML page"


def test_not_a_warc_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "fake.warc"
    p.write_text("this is not an archive at all\n")
    with pytest.raises(InputError, match="not a readable WARC"):
        list(iter_documents(str(p)))


def test_warc_without_html_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "images.warc.gz"
    write_warc(p, [("https://news.example/x.png", b"\x89PNG", "image/png")])
    with pytest.raises(InputError, match="no HTML response records"):
        list(iter_documents(str(p)))


def test_truncated_warc_reports_the_damage_after_good_records(tmp_path: Path) -> None:
    p = tmp_path / "cut.warc"
    write_warc(
        p,
        [("https://news.example/a", page(), "text/html"), ("https://news.example/b", page(), "text/html")],
        gz=False,
    )
    data = p.read_bytes()
    p.write_bytes(data[: len(data) - 400])
    results = list(iter_documents(str(p)))
    assert results[0].ok
    assert [r.error for r in results[1:]] == [
        "record is truncated (396 bytes missing)"
    ]  # 4 of the 400 were the trailer
    p.write_bytes(data[: len(data) // 2 + 50])  # cut inside the next record's headers
    results = list(iter_documents(str(p)))
    assert results[0].ok and not results[-1].ok
    assert results[-1].error is not None and "damaged" in results[-1].error


# --- expanding specs and dates ----------------------------------------------------------------------


def test_expand_inputs_walks_directories_and_globs(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "sub/b.html", "sub/deeper/c.jsonl", "sub/d.warc.gz", "README.md", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    found = expand_inputs([str(tmp_path)])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in found] == [
        "a.txt",
        "sub/b.html",
        "sub/d.warc.gz",
        "sub/deeper/c.jsonl",
    ]
    assert expand_inputs(
        [str(tmp_path / "**" / "*.jsonl"), "-", str(tmp_path / "a.txt"), str(tmp_path / "a.txt")]
    ) == [str(tmp_path / "sub" / "deeper" / "c.jsonl"), "-", str(tmp_path / "a.txt")]
    assert expand_inputs([str(tmp_path / "README.md")]) == [str(tmp_path / "README.md")]  # named: kept


@pytest.mark.parametrize(
    ("spec", "problem"), [("nope.txt", "no such file or directory"), ("*.nothing", "matches no file")]
)
def test_expand_inputs_names_a_spec_that_matches_nothing(tmp_path: Path, spec: str, problem: str) -> None:
    with pytest.raises(InputError) as err:
        expand_inputs([str(tmp_path / spec)])
    assert err.value.where == str(tmp_path / spec) and problem in err.value.problem
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files"):
        expand_inputs([str(tmp_path / "empty")])


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (None, None),
        ("", None),
        ("2031-03-11", "2031-03-11"),
        ("2031-03-11T23:10:00+02:00", "2031-03-11"),
        ("11 March 2031", "2031-03-11"),
        ("March 11, 2031", "2031-03-11"),
        ("Tue, 11 Mar 2031 10:00:00 GMT", "2031-03-11"),
    ],
)
def test_parse_published_accepts_real_dates(value: str | None, iso: str | None) -> None:
    assert parse_published(value, "here") == iso


@pytest.mark.parametrize("value", ["yesterday", "2031-02-30", "March 2031", "11 March", "soon", "31/31/2031"])
def test_parse_published_rejects_garbage_naming_where(value: str) -> None:
    with pytest.raises(InputError) as err:
        parse_published(value, "feed.jsonl:3")
    assert err.value.where == "feed.jsonl:3" and repr(value) in err.value.problem


# --- any bytes: a result or an InputError, never anything else --------------------------------------

JUNK = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.sampled_from(
            [
                b'{"text": "12 killed"}',
                b"{",
                b"}",
                b'"',
                b"\n",
                b"\xff",
                b"\x00",
                b"WARC/1.0\r\n",
                b"<html>",
                b"\x1f\x8b",
                b"\xef\xbb\xbf",
                b" ",
                b'"published": "x"',
                b"null",
            ]
        ),
        max_size=30,
    ).map(b"".join),
)


@settings(max_examples=150, deadline=None)
@given(JUNK, st.sampled_from(["txt", "jsonl", "warc", "html", None]))
def test_any_bytes_give_results_or_an_input_error(data: bytes, fmt: str | None) -> None:
    try:
        for r in iter_stream(io.BytesIO(data), "junk.bin", fmt=fmt):
            assert (r.document is None) != (r.error is None)
            if r.document is not None:
                assert r.document.text.strip()
    except InputError as exc:
        assert exc.where.startswith("junk.bin") and exc.problem
