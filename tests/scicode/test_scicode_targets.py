"""Reading test_data.h5 as SciCode's process_hdf5_to_tuple does, and the comparison helpers, on every value kind."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
import scipy.sparse
import sympy

from evals.scicode import h5_runtime
from evals.scicode.h5_runtime import (
    are_dicts_close,
    cmp_tuple_or_list,
    process_hdf5_to_tuple,
    process_symbol_in_dict,
)
from tests.scicode.h5_layout import write_target


@pytest.fixture(scope="module")
def kinds_file(tmp_path_factory):
    """One step "9.1" whose tests hold every kind of value the official layout uses, written by hand."""
    path = tmp_path_factory.mktemp("h5") / "test_data.h5"
    with h5py.File(path, "w") as f:
        f["9.1/test1/var1"] = 3.5  # float scalar
        f["9.1/test2/var1"] = np.int64(7)  # integer scalar
        f["9.1/test3/var1"] = np.arange(6.0).reshape(2, 3)  # array
        f["9.1/test4/var1"] = "spin up"  # string: stored as bytes, decoded
        f["9.1/test5/var1"] = np.bool_(True)
        f["9.1/test6/var1"] = 1 + 2j
        # a tuple of several variables; h5py lists keys alphabetically, so var10 comes before var2
        for i in (1, 2, 10):
            f[f"9.1/test7/var{i}"] = float(i)
        # a ragged list: group "list" holding var1..varN
        f["9.1/test8/var1/list/var1"] = np.array([1.0, 2.0])
        f["9.1/test8/var1/list/var2"] = np.array([3.0])
        # a dict: float-like keys become floats, bytes are decoded, sub-groups are sparse matrices
        d = f.create_group("9.1/test9/var1")
        d["0.5"] = 1.25
        d["name"] = "H2"
        d["vec"] = np.array([1, 2, 3])
        m = scipy.sparse.csr_matrix(np.array([[0, 2.0], [3.0, 0]]))
        s = d.create_group("op").create_group("sparse_matrix")
        s["data"], s["indices"], s["indptr"], s["shape"] = m.data, m.indices, m.indptr, m.shape
        # sparse matrices: CSR (indices/indptr), COO (row/col), BSR (blocksize)
        dense = np.array([[1.0, 0, 0, 0], [0, 0, 2.0, 0], [0, 0, 0, 0], [4.0, 0, 0, 5.0]])
        for test, matrix in ((10, scipy.sparse.csr_matrix(dense)), (11, scipy.sparse.coo_matrix(dense)),
                             (12, scipy.sparse.bsr_matrix(dense, blocksize=(2, 2)))):
            g = f.create_group(f"9.1/test{test}/var1/sparse_matrix")
            g["data"], g["shape"] = matrix.data, matrix.shape
            if test == 11:
                g["row"], g["col"] = matrix.row, matrix.col
            else:
                g["indices"], g["indptr"] = matrix.indices, matrix.indptr
            if test == 12:
                g["blocksize"] = matrix.blocksize
        # a tuple mixing a string, an array and a list group
        f["9.1/test13/var1"] = "ok"
        f["9.1/test13/var2"] = np.array([1.0, 2.0])
        f["9.1/test13/var3/list/var1"] = 5
        f["9.1/test13/var3/list/var2"] = np.array([6, 7])
    return path


@pytest.fixture(scope="module")
def targets(kinds_file):
    return process_hdf5_to_tuple("9.1", 13, h5py_file=str(kinds_file))


def test_scalars_arrays_strings(targets):
    assert targets[0] == 3.5 and isinstance(targets[0], np.float64)
    assert targets[1] == 7 and isinstance(targets[1], np.int64)
    assert np.array_equal(targets[2], np.arange(6.0).reshape(2, 3))
    assert targets[3] == "spin up" and isinstance(targets[3], str)
    assert targets[4] is np.True_ or targets[4] == np.bool_(True)
    assert targets[5] == 1 + 2j


def test_several_variables_are_a_tuple_in_h5py_key_order(targets):
    assert targets[6] == (1.0, 10.0, 2.0)
    assert isinstance(targets[6], tuple)


def test_list_group(targets):
    assert isinstance(targets[7], list)
    assert [a.tolist() for a in targets[7]] == [[1.0, 2.0], [3.0]]


def test_dict_group(targets):
    d = targets[8]
    assert set(d) == {0.5, "name", "vec", "op"}
    assert d[0.5] == 1.25 and d["name"] == "H2" and d["vec"].tolist() == [1, 2, 3]
    assert isinstance(d["op"], scipy.sparse.csr_matrix)
    assert d["op"].toarray().tolist() == [[0, 2.0], [3.0, 0]]


def test_sparse_matrices(targets):
    dense = [[1.0, 0, 0, 0], [0, 0, 2.0, 0], [0, 0, 0, 0], [4.0, 0, 0, 5.0]]
    assert isinstance(targets[9], scipy.sparse.csr_matrix)
    assert isinstance(targets[10], scipy.sparse.coo_matrix)
    assert isinstance(targets[11], scipy.sparse.bsr_matrix) and targets[11].blocksize == (2, 2)
    for matrix in targets[9:12]:
        assert matrix.toarray().tolist() == dense


def test_mixed_tuple(targets):
    text, array, items = targets[12]
    assert text == "ok" and array.tolist() == [1.0, 2.0]
    assert items[0] == 5 and items[1].tolist() == [6, 7]


def test_missing_test_group_is_an_error(kinds_file):
    with pytest.raises(KeyError):
        process_hdf5_to_tuple("9.1", 14, h5py_file=str(kinds_file))


def test_written_layout_round_trips(tmp_path):
    """The tests' writer (the official save_data_to_hdf5 layout) and the reader agree on every kind."""
    path = tmp_path / "t.h5"
    values = [
        2.0,
        np.array([[1.0, 2.0]]),
        "text",
        (np.array([1.0]), 3, "x"),
        [np.array([1.0, 2.0]), np.array([3.0])],  # ragged: becomes a list group
        {"a": 1.0, 2.5: np.array([1.0]), "m": scipy.sparse.coo_matrix(np.eye(2))},
        scipy.sparse.csr_matrix(np.eye(3)),
    ]
    with h5py.File(path, "w") as f:
        for i, value in enumerate(values, 1):
            write_target(f, "5.2", i, value)
    got = process_hdf5_to_tuple("5.2", len(values), h5py_file=str(path))
    assert got[0] == 2.0 and got[1].tolist() == [[1.0, 2.0]] and got[2] == "text"
    assert isinstance(got[3], tuple) and got[3][0].tolist() == [1.0] and got[3][1] == 3 and got[3][2] == "x"
    assert [a.tolist() for a in got[4]] == [[1.0, 2.0], [3.0]]
    assert set(got[5]) == {"a", 2.5, "m"} and got[5]["m"].toarray().tolist() == [[1, 0], [0, 1]]
    assert (got[6] != scipy.sparse.csr_matrix(np.eye(3))).nnz == 0


# ---- comparison helpers (scicode.compare.cmp) ----

def test_allclose_defaults_are_the_ones_test_cases_rely_on():
    assert np.allclose(1.0, 1.0 + 1e-6) and not np.allclose(1.0, 1.0 + 1e-4)


def test_cmp_tuple_or_list():
    assert cmp_tuple_or_list((1.0, np.array([1.0, 2.0])), (1.0 + 1e-9, np.array([1.0, 2.0])))
    assert not cmp_tuple_or_list((1.0, 2.0), (1.0,))  # lengths differ
    assert not cmp_tuple_or_list((1.0, 2.0), (1.0, 2.1))
    # shapes that do not broadcast: allclose raises ValueError and == decides
    assert not cmp_tuple_or_list(([1.0, 2.0],), ([1.0, 2.0, 3.0],))
    assert cmp_tuple_or_list(([1.0, 2.0],), ([1.0, 2.0],))
    # strings are not caught (NumPy raises a TypeError, not a ValueError): the test case errors, as in the reference
    with pytest.raises(TypeError):
        cmp_tuple_or_list(("ab",), ("ab",))
    assert not cmp_tuple_or_list([True], [False])
    # bool is compared by ==, so a bool against 1.0 is equal (True == 1.0) as in the reference
    assert cmp_tuple_or_list([True], [1.0])
    csr = scipy.sparse.csr_matrix(np.eye(2))
    assert cmp_tuple_or_list([csr], [scipy.sparse.csr_matrix(np.eye(2) + 1e-10)])
    assert cmp_tuple_or_list([{"a": 1.0}], [{"a": 1.0 + 1e-9}])
    assert not cmp_tuple_or_list([{"a": 1.0}], [{"b": 1.0}])


def test_are_dicts_close():
    x = sympy.Symbol("x")
    assert are_dicts_close({x: 1.0, "s": x}, {"x": 1.0 + 1e-9, "s": "x"})
    assert not are_dicts_close({"a": 1.0}, {"a": 1.1})
    assert are_dicts_close({"a": 1.0}, {"a": 1.05}, rtol=0.1)
    coo = scipy.sparse.coo_matrix(np.eye(2))
    assert are_dicts_close({"m": coo}, {"m": scipy.sparse.csr_matrix(np.eye(2))})
    assert not are_dicts_close({"m": coo}, {"m": scipy.sparse.csr_matrix(2 * np.eye(2))})
    assert not are_dicts_close({"a": 1.0}, {"a": 1.0, "b": 2.0})  # keys differ
    assert not are_dicts_close({"v": [1.0, 2.0]}, {"v": [1.0, 2.0, 3.0]})  # allclose raises ValueError, == decides


def test_symbol_keys_keep_their_original_value():
    x, y = sympy.symbols("x y")
    assert process_symbol_in_dict({x: y}) == {"x": y}
    assert process_symbol_in_dict({"k": y}) == {"k": "y"}


def test_runtime_source_has_only_the_reference_names():
    public = {n for n in vars(h5_runtime) if not n.startswith("__")}
    assert public == {
        "h5py", "scipy", "H5PY_FILE", "process_hdf5_list", "process_hdf5_dict", "process_hdf5_sparse_matrix",
        "process_hdf5_datagroup", "process_hdf5_to_tuple", "are_dicts_close", "process_symbol_in_dict",
        "are_csc_matrix_close", "cmp_tuple_or_list", "_hdf5_value",
    }
