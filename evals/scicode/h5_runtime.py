"""Reading SciCode targets and the comparison helpers the test cases call, pasted into every step program.

This file's source is put between the model's code and the step's test cases (the names the
reference defines there), and the harness imports it to read the targets and to run the helpers in
its comparisons (compare.py): the targets file itself is never in the sandbox. It reproduces, name for name and branch for branch, the reading functions of SciCode's
src/scicode/parse/parse.py (`process_hdf5_to_tuple` and the list, dict and sparse-matrix readers)
and the helpers of src/scicode/compare/cmp.py, as NeMo-Skills' `eval_prefix` provides them (with
sympy, scipy and numpy imported inside the helpers, because a problem's required_dependencies may
import numpy under another name or not import sympy at all). It must stay free of `from __future__`
and of names other than the reference's, since it shares the program's namespace.
"""

import h5py
import scipy

H5PY_FILE = "/data/test_data.h5"  # the reference's path; the harness passes the configured file


def process_hdf5_list(group):
    # A "list" group holds the elements as datasets, in h5py's (alphabetical) key order.
    return [group[key][()] for key in group.keys()]


def process_hdf5_dict(group):
    # Sub-groups are sparse matrices; bytes are decoded; keys that parse as numbers become floats.
    result = {}
    for key, obj in group.items():
        if isinstance(obj, h5py.Group):
            result[key] = process_hdf5_sparse_matrix(obj["sparse_matrix"])
            continue
        value = obj[()]
        if isinstance(value, bytes):
            result[key] = value.decode("utf-8", errors="strict")
            continue
        try:
            number = float(key)
        except ValueError:
            result[key] = value
        else:
            result[number] = value
    return result


def process_hdf5_sparse_matrix(group):
    # COO when row/col are stored, BSR when a blocksize is, CSR otherwise.
    data = group["data"][()]
    shape = tuple(group["shape"][()])
    if "row" in group and "col" in group:
        return scipy.sparse.coo_matrix((data, (group["row"][()], group["col"][()])), shape=shape)
    if "blocksize" in group:
        return scipy.sparse.bsr_matrix(
            (data, group["indices"][()], group["indptr"][()]),
            shape=shape,
            blocksize=tuple(group["blocksize"][()]),
        )
    return scipy.sparse.csr_matrix((data, group["indices"][()], group["indptr"][()]), shape=shape)


def process_hdf5_datagroup(group):
    # Only the first key decides: "list", "sparse_matrix", or else the group is a dict.
    for key in group.keys():
        if key == "list":
            return process_hdf5_list(group[key])
        if key == "sparse_matrix":
            return process_hdf5_sparse_matrix(group[key])
        return process_hdf5_dict(group)
    return None


def _hdf5_value(node):
    if isinstance(node, h5py.Group):
        return process_hdf5_datagroup(node)
    value = node[()]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="strict")
    return value


def process_hdf5_to_tuple(step_id, test_num, h5py_file=H5PY_FILE):
    # Test i of a step is the group "<step_id>/test<i>": one variable gives the value itself,
    # several give a tuple of their values in key order.
    targets = []
    with h5py.File(h5py_file, "r") as handle:
        for test_id in range(1, test_num + 1):
            group_path = f"{step_id}/test{test_id}"
            group = handle[group_path]
            if not isinstance(group, h5py.Group):
                raise FileNotFoundError(f"Path {group_path} not found in the file.")
            keys = list(group.keys())
            if len(keys) == 1:
                node = group[keys[0]]
                if isinstance(node, (h5py.Dataset, h5py.Group)):
                    targets.append(_hdf5_value(node))
            else:
                targets.append(tuple(_hdf5_value(group[key]) for key in keys
                                     if isinstance(group[key], (h5py.Dataset, h5py.Group))))
    return targets


def are_dicts_close(dict1, dict2, atol=1e-8, rtol=1e-5):
    import numpy as np
    import scipy
    import sympy

    dict1 = process_symbol_in_dict(dict1)
    dict2 = process_symbol_in_dict(dict2)
    if dict1.keys() != dict2.keys():
        return False
    sparse_types = (scipy.sparse.csr_matrix, scipy.sparse.csc_matrix, scipy.sparse.bsr_matrix,
                    scipy.sparse.coo_matrix)
    for key in dict1:
        value1 = dict1[key]
        value2 = dict2[key]
        if isinstance(value1, (sympy.Symbol, str)):
            if not value1 == value2:
                return False
        elif isinstance(value1, sparse_types):
            if not np.allclose(value1.toarray(), value2.toarray(), atol=atol, rtol=rtol):
                return False
        else:
            try:
                if not np.allclose(value1, value2, atol=atol, rtol=rtol):
                    return False
            except ValueError:
                if not value1 == value2:
                    return False
    return True


def process_symbol_in_dict(dict):
    # Symbol values become strings; a Symbol key becomes its string, keeping the original value.
    import sympy

    converted = {}
    for key, value in dict.items():
        converted[key] = str(value) if isinstance(value, sympy.Symbol) else value
        if isinstance(key, sympy.Symbol):
            converted[str(key)] = dict[key]
            converted.pop(key)
    return converted


def are_csc_matrix_close(matrix1, matrix2):
    import numpy as np

    return np.allclose(matrix1.toarray(), matrix2.toarray())


def cmp_tuple_or_list(var1, var2):
    import numpy as np
    import scipy

    if len(var1) != len(var2):
        return False
    for v1, v2 in zip(var1, var2):
        if isinstance(v1, dict):
            if not are_dicts_close(v1, v2):
                return False
        elif isinstance(v1, (scipy.sparse.csr_matrix, scipy.sparse.csc_matrix)):
            if not are_csc_matrix_close(v1, v2):
                return False
        elif isinstance(v1, bool):
            if not v1 == v2:
                return False
        else:
            try:
                if not np.allclose(v1, v2):
                    return False
            except ValueError as e:
                print(e)
                if not v1 == v2:
                    return False
    return True
