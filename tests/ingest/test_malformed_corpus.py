"""The malformed-file corpus, quick: a sample of 20 files of 20 kinds (the big ones are left to
``python -m scripts.malformed_corpus``) imported through the domain function and the CLI on a copy of the demo
store: each refused with its reason, 0 rows written, no traceback or escape code printed."""

from __future__ import annotations

from scripts import malformed_corpus as corpus


SAMPLE = ("cr_line_endings", "huge_csv_cell", "missing_shared_strings", "short_shared_strings", "truncated_zip",
          "password_protected", "empty_first_sheet", "html_as_xls", "binary_junk", "nul_in_cell",
          "escape_codes_in_cell", "two_descriptions_csv", "formula_cells", "excel_error_value", "xml2003_as_xls", "zero_bytes", "bad_encoding",
          "junk_rows_csv", "unclosed_quote", "unsupported_type")


def test_a_sample_of_malformed_files_is_refused_and_writes_nothing(demo_db_path, tmp_path):
    sample = tuple(k for k in corpus.KINDS if k.name in SAMPLE)
    assert len(sample) == 20 and not any(k.big for k in sample)
    outcomes, lines, ok = corpus.run(20, tmp_path, kinds=sample, demo_db=demo_db_path)
    assert len(outcomes) == 20 and {o.kind.name for o in outcomes} == {k.name for k in sample}
    assert ok, "\n".join(lines)
    assert all(o.refused and o.expected and o.written == 0 for o in outcomes)
    assert all(o.cli_code == 1 and o.cli_refused and not o.cli_traceback for o in outcomes)
