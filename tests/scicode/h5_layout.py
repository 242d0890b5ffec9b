"""Writing values in the layout of SciCode's test_data.h5 (as scicode.parse.parse.save_data_to_hdf5 writes them).

Used by the tests to build small target files; the suite itself only reads that layout.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
from sympy import Symbol

_SPARSE = (scipy.sparse.csr_matrix, scipy.sparse.csc_matrix, scipy.sparse.bsr_matrix, scipy.sparse.coo_matrix)


def _write_sparse(parent, key, matrix):
    holder = parent.create_group(key).create_group("sparse_matrix")
    holder.create_dataset("data", data=matrix.data)
    holder.create_dataset("shape", data=matrix.shape)
    if isinstance(matrix, scipy.sparse.coo_matrix):
        holder.create_dataset("row", data=matrix.row)
        holder.create_dataset("col", data=matrix.col)
    else:
        holder.create_dataset("indices", data=matrix.indices)
        holder.create_dataset("indptr", data=matrix.indptr)
        if isinstance(matrix, scipy.sparse.bsr_matrix):
            holder.create_dataset("blocksize", data=matrix.blocksize)


def write_value(parent, key, value):
    """One variable: dict -> group of entries, ragged list -> 'list' group, sparse -> 'sparse_matrix' group."""
    if isinstance(value, dict):
        write_dict(parent.create_group(key), value)
    elif isinstance(value, (list, tuple)):
        try:
            parent.create_dataset(key, data=np.array(value))
        except Exception:
            items = parent.create_group(key).create_group("list")
            for i, item in enumerate(value):
                write_value(items, f"var{i + 1}", item)
    elif isinstance(value, _SPARSE):
        _write_sparse(parent, key, value)
    elif isinstance(value, (int, float, str, complex, bool, np.bool_, np.integer, np.floating,
                            np.complexfloating, np.ndarray)):
        parent.create_dataset(key, data=value)
    else:
        parent.create_dataset(key, data=str(value))


def write_dict(group, mapping):
    for key, value in mapping.items():
        if isinstance(key, (Symbol, float, np.floating, int)):
            key = str(key)
        if isinstance(value, dict):
            write_dict(group.create_group(key), value)
        elif isinstance(value, (list, tuple)):
            group.create_dataset(key, data=np.array(value))
        elif isinstance(value, _SPARSE):
            _write_sparse(group, key, value)
        elif isinstance(value, (int, float, str, complex, bool, np.bool_, np.ndarray, np.generic)):
            group.create_dataset(key, data=value)
        else:
            group.create_dataset(key, data=str(value))


def write_target(h5file, step_number: str, test_index: int, value):
    """Test `test_index` (1-based) of a step: a tuple is stored as var1..varN, anything else as var1."""
    group = h5file.create_group(f"{step_number}/test{test_index}")
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            write_value(group, f"var{i + 1}", item)
    else:
        write_value(group, "var1", value)
