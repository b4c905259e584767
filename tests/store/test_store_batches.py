"""Store.batches: a query's result as Arrow record batches, read a batch at a time (a large export's rows)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from dashboard import roles


def test_the_result_comes_in_batches_with_its_parameters(demo_store):
    batches = list(demo_store.batches("SELECT id, deadline FROM hazards WHERE unit_code = ? ORDER BY id",
                                      ["610902"], rows=100))
    assert all(isinstance(b, pa.RecordBatch) for b in batches) and max(b.num_rows for b in batches) <= 100
    ids = [i for b in batches for i in b.column("id").to_pylist()]
    assert ids == [r[0] for r in demo_store.rows("SELECT id FROM hazards WHERE unit_code = '610902' ORDER BY id")]
    assert batches[0].schema.field("deadline").type == pa.date32()


def test_a_reading_stopped_early_leaves_the_store_usable(demo_store):
    reading = demo_store.batches("SELECT * FROM hazards", rows=10)
    assert next(reading).num_rows == 10
    reading.close()
    assert demo_store.scalar("SELECT count(*) FROM hazards") > 10
    demo_store.write(lambda tx: tx.audit("test", "x", "检查", roles.system("batches")))


def test_a_bad_query_is_duckdbs_error_not_a_damaged_store(demo_store):
    with pytest.raises(duckdb.CatalogException):
        list(demo_store.batches("SELECT nothing FROM nowhere"))
