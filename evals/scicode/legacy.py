"""The SciPy 1.10 / NumPy 1.26 names that model code and two problems use, installed into the programs.

NeMo-Skills force-installs scipy==1.10.1 in its sandbox because problems 2 and 28 import
`scipy.integrate.simps`, which SciPy 1.14 removed; that pin also brings NumPy 1.26. This suite runs
programs on the suite's own (current) SciPy and NumPy, so each program starts by calling
`_scicode_install_legacy_names()` (this file's source is pasted in front of the program):

- `scipy.integrate.simps` and `scipy.integrate.simpson` behave as SciPy 1.10.1's `simpson`
  (`even='avg'` by default: for an even number of samples, the mean of Simpson on the first N-1
  samples plus a trapezoid on the last interval and a trapezoid on the first interval plus Simpson
  on the last N-1). SciPy >= 1.11 changed what `simpson` returns for even N.
- `scipy.integrate.trapz` and `cumtrapz` are aliases of `trapezoid` and `cumulative_trapezoid`.
- NumPy aliases removed in NumPy 2.0 that had exact equivalents (`np.Inf`, `np.NaN`, `np.float_`,
  `np.complex_`, `np.product`, `np.cumproduct`, `np.alltrue`, `np.sometrue`, `np.trapz`,
  `np.row_stack`, `np.asfarray`, ...) are put back where missing.

Everything is defined inside one function so that the program's namespace gains no extra names
but that function, which the program deletes after calling it.
"""


def _scicode_install_legacy_names():
    import numpy as np
    import scipy.integrate as integrate

    def _axis_slice(ndim, axis, index):
        key = [slice(None)] * ndim
        key[axis] = index
        return tuple(key)

    def _composite(y, start, stop, x, dx, axis):
        # Simpson's rule over the sample triples start, start+2, ... below stop (SciPy 1.10.1).
        nd = y.ndim
        s0 = _axis_slice(nd, axis, slice(start, stop, 2))
        s1 = _axis_slice(nd, axis, slice(start + 1, stop + 1, 2))
        s2 = _axis_slice(nd, axis, slice(start + 2, stop + 2, 2))
        if x is None:
            total = np.sum(y[s0] + 4.0 * y[s1] + y[s2], axis=axis)
            total *= dx / 3.0
            return total
        h = np.diff(x, axis=axis)
        h0 = np.float64(h[s0])
        h1 = np.float64(h[s1])
        hsum = h0 + h1
        hprod = h0 * h1
        ratio = np.true_divide(h0, h1, out=np.zeros_like(h0), where=h1 != 0)
        inverse = np.true_divide(1.0, ratio, out=np.zeros_like(ratio), where=ratio != 0)
        middle = hsum * np.true_divide(hsum, hprod, out=np.zeros_like(hsum), where=hprod != 0)
        terms = hsum / 6.0 * (y[s0] * (2.0 - inverse) + y[s1] * middle + y[s2] * (2.0 - ratio))
        return np.sum(terms, axis=axis)

    def simpson(y, x=None, dx=1.0, axis=-1, even="avg"):
        y = np.asarray(y)
        nd = y.ndim
        n = y.shape[axis]
        if x is not None:
            x = np.asarray(x)
            if x.ndim == 1:
                shape = [1] * nd
                shape[axis] = x.shape[0]
                x = x.reshape(tuple(shape))
            elif x.ndim != nd:
                raise ValueError("If given, shape of x must be 1-D or the same as y.")
            if x.shape[axis] != n:
                raise ValueError("If given, length of x along axis must be the same as y.")
        if n % 2 == 1:
            return _composite(y, 0, n - 2, x, dx, axis)
        if even not in ("avg", "last", "first"):
            raise ValueError("Parameter 'even' must be 'avg', 'last', or 'first'.")
        edges = 0.0
        inner = 0.0
        if even in ("avg", "first"):
            last, before = _axis_slice(nd, axis, -1), _axis_slice(nd, axis, -2)
            width = dx if x is None else x[last] - x[before]
            edges += 0.5 * width * (y[last] + y[before])
            inner = _composite(y, 0, n - 3, x, dx, axis)
        if even in ("avg", "last"):
            first, second = _axis_slice(nd, axis, 0), _axis_slice(nd, axis, 1)
            width = dx if x is None else x[second] - x[first]
            edges += 0.5 * width * (y[second] + y[first])
            inner += _composite(y, 1, n - 2, x, dx, axis)
        if even == "avg":
            edges /= 2.0
            inner /= 2.0
        return inner + edges

    def simps(y, x=None, dx=1.0, axis=-1, even="avg"):
        return simpson(y, x=x, dx=dx, axis=axis, even=even)

    def trapz(y, x=None, dx=1.0, axis=-1):
        return integrate.trapezoid(y, x=x, dx=dx, axis=axis)

    def cumtrapz(y, x=None, dx=1.0, axis=-1, initial=None):
        return integrate.cumulative_trapezoid(y, x=x, dx=dx, axis=axis, initial=initial)

    simpson.__module__ = simps.__module__ = trapz.__module__ = cumtrapz.__module__ = "scipy.integrate"
    integrate.simpson = simpson
    integrate.simps = simps
    if not hasattr(integrate, "trapz"):
        integrate.trapz = trapz
    if not hasattr(integrate, "cumtrapz"):
        integrate.cumtrapz = cumtrapz

    def asfarray(a, dtype=np.float64):
        if not np.issubdtype(dtype, np.inexact):
            dtype = np.float64
        return np.asarray(a, dtype=dtype)

    numpy_aliases = {
        "Inf": np.inf, "Infinity": np.inf, "infty": np.inf, "PINF": np.inf, "NINF": -np.inf,
        "NaN": np.nan, "NAN": np.nan, "PZERO": 0.0, "NZERO": -0.0,
        "float_": np.float64, "complex_": np.complex128, "cfloat": np.complex128,
        "singlecomplex": np.complex64, "longfloat": np.longdouble, "clongfloat": np.clongdouble,
        "longcomplex": np.clongdouble, "string_": np.bytes_, "unicode_": np.str_,
        "product": np.prod, "cumproduct": np.cumprod, "alltrue": np.all, "sometrue": np.any,
        "row_stack": np.vstack, "trapz": getattr(np, "trapezoid", None), "asfarray": asfarray,
    }
    for name, value in numpy_aliases.items():
        if value is not None and name not in np.__dict__:
            setattr(np, name, value)
