"""Dot products, angles, weighted sums and matrix products, with validation.

Errors are `InputError` (a ValueError) with a sentence a course author or a
speaker understands, because these messages reach them unchanged through the CLI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

ACTIVATIONS = ("sigmoid", "relu", "identity")


class InputError(ValueError):
    """Input that the maths cannot take; the message is meant for a person."""


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def as_vector(values: Sequence[float] | np.ndarray, name: str = "vector") -> np.ndarray:
    """A finite, non-empty 1-D float array, or an InputError that names `name`."""
    if isinstance(values, (str, bytes)):
        raise InputError(f"{name} must be a list of numbers, not text: {values!r}")
    try:
        items = list(values)
    except TypeError:
        raise InputError(f"{name} must be a list of numbers, got {values!r}") from None
    if not items:
        raise InputError(f"{name} is empty: it needs at least one entry")
    for i, x in enumerate(items):
        if not _is_number(x):
            raise InputError(f"{name}[{i}] is not a number: {x!r}")
    arr = np.asarray(items, dtype=float)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{name}[{i}] is not finite: {items[i]!r}")
    return arr


def as_matrix(rows: Sequence[Sequence[float]] | np.ndarray, name: str = "matrix") -> np.ndarray:
    """A finite 2-D float array with rows of equal length, or an InputError."""
    if isinstance(rows, (str, bytes)):
        raise InputError(f"{name} must be a list of rows, not text: {rows!r}")
    try:
        row_list = list(rows)
    except TypeError:
        raise InputError(f"{name} must be a list of rows, got {rows!r}") from None
    if not row_list:
        raise InputError(f"{name} is empty: it needs at least one row")
    parsed = [as_vector(r, f"{name} row {i + 1}") for i, r in enumerate(row_list)]
    width = len(parsed[0])
    for i, r in enumerate(parsed):
        if len(r) != width:
            raise InputError(
                f"{name} rows must have the same length: row 1 has {width} entries, row {i + 1} has {len(r)}"
            )
    return np.vstack(parsed)


def _pair(a, b, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    va, vb = as_vector(a, names[0]), as_vector(b, names[1])
    if va.shape != vb.shape:
        raise InputError(f"vectors must have the same length: {len(va)} != {len(vb)}")
    return va, vb


def products(a, b, names: tuple[str, str] = ("a", "b")) -> np.ndarray:
    """The index-by-index products a_i * b_i that a dot product sums."""
    va, vb = _pair(a, b, names)
    return va * vb


def dot(a, b, names: tuple[str, str] = ("a", "b")) -> float:
    va, vb = _pair(a, b, names)
    return float(np.dot(va, vb))


def add(a, b, names: tuple[str, str] = ("a", "b")) -> np.ndarray:
    """a + b, entry by entry: the vector from the tail of a to the tip of b drawn tip to tail."""
    va, vb = _pair(a, b, names)
    return va + vb


def scale(k: float, a, name: str = "a") -> np.ndarray:
    """k·a: every entry of a times the number k (a negative k turns a round)."""
    if not _is_number(k) or not math.isfinite(k):
        raise InputError(f"the scale factor must be a finite number, got {k!r}")
    return float(k) * as_vector(a, name)


def norm(a, name: str = "a") -> float:
    return float(np.linalg.norm(as_vector(a, name)))


def _nonzero_norms(va: np.ndarray, vb: np.ndarray, names: tuple[str, str], what: str) -> tuple[float, float]:
    na, nb = float(np.linalg.norm(va)), float(np.linalg.norm(vb))
    for n, label in ((na, names[0]), (nb, names[1])):
        if n == 0.0:
            raise InputError(f"{what} is undefined: {label} is the zero vector and has no direction")
    return na, nb


def cosine_similarity(a, b, names: tuple[str, str] = ("a", "b")) -> float:
    va, vb = _pair(a, b, names)
    na, nb = _nonzero_norms(va, vb, names, "cosine similarity")
    # Clipped because rounding can push a parallel pair a hair past 1, and arccos then gives NaN.
    return float(np.clip(np.dot(va, vb) / (na * nb), -1.0, 1.0))


def angle_degrees(a, b, names: tuple[str, str] = ("a", "b")) -> float:
    """The angle between a and b in degrees, in [0, 180], as the lesson's widget shows it."""
    va, vb = _pair(a, b, names)
    _nonzero_norms(va, vb, names, "the angle")
    return math.degrees(math.acos(cosine_similarity(va, vb, names)))


def sigmoid(z: float) -> float:
    z = float(z)
    # Split by sign so that exp never overflows for large |z|.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def activate(z: float, activation: str = "sigmoid") -> float:
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "relu":
        return max(0.0, float(z))
    if activation == "identity":
        return float(z)
    raise InputError(f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}")


def weighted_sum(w, x, bias: float = 0.0, activation: str = "sigmoid") -> dict:
    """A neuron's forward pass: the products w_i x_i, their sum, z = w.x + b and a = act(z)."""
    if not _is_number(bias) or not math.isfinite(bias):
        raise InputError(f"bias must be a finite number, got {bias!r}")
    terms = products(w, x, names=("w", "x"))
    total = float(terms.sum())
    z = total + float(bias)
    return {"terms": terms, "sum": total, "z": z, "a": activate(z, activation)}


def attention_score(q, k, d_k: int | None = None) -> float:
    """score(q, k) = q.k / sqrt(d_k); d_k defaults to the key's length."""
    vq, vk = _pair(q, k, ("q", "k"))
    if d_k is None:
        d_k = len(vk)
    if isinstance(d_k, bool) or not isinstance(d_k, (int, np.integer)) or d_k < 1:
        raise InputError(f"d_k must be a whole number of at least 1, got {d_k!r}")
    return float(np.dot(vq, vk) / math.sqrt(d_k))


def check_matmul_shapes(A: np.ndarray, B: np.ndarray) -> None:
    cols, rows = A.shape[1], B.shape[0]
    if cols != rows:
        # The article's own words and operator (its matmul throws `${A[0].length} !== ${B.length}`).
        raise InputError(f"the number of columns in A must equal the number of rows in B: {cols} !== {rows}")


def matmul(A, B) -> np.ndarray:
    mA, mB = as_matrix(A, "A"), as_matrix(B, "B")
    check_matmul_shapes(mA, mB)
    return mA @ mB


# --- 2x2 matrices as transformations of the plane ---------------------------------------------

from mathcore.rounding import fmt_number  # noqa: E402  (this section's figures, rounded as the lessons round)

# The plane scene draws î and ĵ (one unit long) next to where every matrix sends them. Entries
# past this make the plane so large that a unit vector shrinks to a few pixels.
PLANE_ENTRY_LIMIT = 5.0


def as_plane_matrix(M, name: str = "matrix") -> np.ndarray:
    """A 2x2 float array (the only shape that moves the plane onto itself), or an InputError."""
    m = as_matrix(M, name)
    if m.shape != (2, 2):
        raise InputError(f"{name} must be 2x2 to move the plane, got {m.shape[0]}x{m.shape[1]}")
    return m


def check_drawable(M, name: str = "matrix", limit: float = PLANE_ENTRY_LIMIT) -> None:
    """Refuse a matrix with an entry beyond +-limit: its plane would dwarf the unit vectors."""
    m = as_matrix(M, name)
    big = np.argwhere(np.abs(m) > limit)
    if big.size:
        r, c = (int(i) for i in big[0])
        raise InputError(
            f"{name} has {fmt_number(m[r, c])} at row {r + 1}, column {c + 1}: the plane draws entries "
            f"from -{fmt_number(limit)} to {fmt_number(limit)} so that i and j, one unit long, stay visible"
        )


def basis_images(M) -> tuple[np.ndarray, np.ndarray]:
    """Where M sends î = (1, 0) and ĵ = (0, 1): its first and second columns."""
    m = as_plane_matrix(M)
    return m @ np.array([1.0, 0.0]), m @ np.array([0.0, 1.0])


def compose(A, B) -> np.ndarray:
    """The one matrix that moves the plane as B does and then as A does: A @ B (B acts first)."""
    return matmul(as_plane_matrix(A, "A"), as_plane_matrix(B, "B"))


def commute(A, B, tol: float = 1e-9) -> bool:
    """Whether the order of A and B does not matter: AB = BA."""
    return bool(np.allclose(compose(A, B), compose(B, A), atol=tol, rtol=0.0))


def describe_transformation(M, it: str = "it", tol: float = 1e-9) -> str:
    """What M does to the plane, as a caption's verb phrase with `it` as its object:
    "rotates it by 90°", "shears it", "squashes it onto a line", ..."""
    m = as_plane_matrix(M)
    close = lambda x, y: bool(np.allclose(x, y, atol=tol, rtol=0.0))  # noqa: E731
    det = float(np.linalg.det(m))
    if close(m, np.eye(2)):
        return f"leaves {it} as it is"
    if abs(det) <= tol:
        return f"squashes {it} to a point" if close(m, 0) else f"squashes {it} onto a line"
    if close(m.T @ m, np.eye(2)):
        if det < 0:
            return f"reflects {it}"
        degrees = math.degrees(math.atan2(m[1, 0], m[0, 0]))
        turn = "" if degrees > 0 else "clockwise "
        return f"rotates {it} {turn}by {fmt_number(abs(degrees), 1)}°"
    if close(m[0, 1], 0) and close(m[1, 0], 0):
        if close(m[0, 0], m[1, 1]):
            return f"scales {it} by {fmt_number(m[0, 0])}"
        return f"stretches {it} along the axes"
    if close(np.diag(m), 1) and (close(m[0, 1], 0) or close(m[1, 0], 0)):
        return f"shears {it}"
    return f"moves {it}"


# --- a transformation animated as it acts: turning, stretching and shearing, never collapsing ---------


def _rotation(theta: float) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s], [s, c]])


def polar_parts(M) -> tuple[float, np.ndarray, bool]:
    """M = R·S with S symmetric positive semi-definite (the stretch) and R orthogonal (the turn),
    returned as (R's angle in radians, S, whether R reflects). For a singular M the turn is chosen
    without a reflection (its zero direction may be flipped freely)."""
    m = as_plane_matrix(M)
    W, sigma, Vt = np.linalg.svd(m)
    if np.linalg.det(W @ Vt) < 0 and sigma[1] <= 1e-12 * max(1.0, sigma[0]):
        W = W @ np.diag([1.0, -1.0])  # a zero singular value: its direction's sign is ours to pick
    R = W @ Vt
    S = Vt.T @ np.diag(sigma) @ Vt
    reflects = bool(np.linalg.det(R) < 0)
    # A turn by theta is [[cos, -sin], [sin, cos]]; a reflection across the line at angle phi is
    # [[cos 2phi, sin 2phi], [sin 2phi, -cos 2phi]]: either way the first column gives the angle.
    theta = math.atan2(R[1, 0], R[0, 0])
    return theta, (S + S.T) / 2, reflects


def straight_path_stays_between(M, tol: float = 1e-12) -> bool:
    """Whether the straight path (1 - t)·I + t·M keeps, for every t in [0, 1], both singular values
    between the smaller of 1 and M's least and the larger of 1 and M's greatest (no shrinking
    square on the way): the largest never leaves (a norm of a straight path is convex), and the
    least is checked exactly: M(t)ᵀM(t) - lo²·I stays positive semi-definite, a quartic in t."""
    m = as_plane_matrix(M)
    sigma = np.linalg.svd(m, compute_uv=False)
    if np.linalg.det(m) <= 0:
        return False
    lo = min(1.0, float(sigma[-1]))
    P = np.polynomial.Polynomial
    # Entries of M(t) = I + t (M - I), as polynomials in t.
    d = m - np.eye(2)
    e = [[P([1.0 if r == c else 0.0, d[r, c]]) for c in range(2)] for r in range(2)]
    det = e[0][0] * e[1][1] - e[0][1] * e[1][0]
    frob = sum(x * x for row in e for x in row)
    quartic = det * det - lo * lo * frob + lo**4
    trace = frob - 2 * lo * lo

    def least(p) -> float:
        ts = [0.0, 1.0] + [float(r.real) for r in p.deriv().roots() if abs(r.imag) < 1e-9 and 0 < r.real < 1]
        return min(float(p(t)) for t in ts)

    scale = max(1.0, float(sigma[0])) ** 4
    return least(quartic) >= -tol * scale and least(trace) >= -tol * scale


def transformation_path(M, t: float) -> np.ndarray:
    """Where the plane is a fraction t of the way through being moved by M: the identity at 0, M
    (exactly) at 1. A shear or a stretch, whose straight path (1 - t)·I + t·M never shrinks the
    plane (`straight_path_stays_between`), takes it: every point moves on a straight line. Any
    other matrix is split into its turn and its stretch (polar decomposition, M = R·S): R's angle
    turns by t of the way while S goes straight from I, so a rotation turns at full size and no
    intermediate square shrinks. A matrix that reflects folds over its mirror line instead of
    turning (the one way to reverse the plane's orientation: it passes through a line)."""
    m = as_plane_matrix(M)
    t = float(t)
    if t <= 0.0:
        return np.eye(2)
    if t >= 1.0:
        return m.copy()
    if straight_path_stays_between(m):
        return (1 - t) * np.eye(2) + t * m
    theta, S, reflects = polar_parts(m)
    stretch = (1 - t) * np.eye(2) + t * S
    if reflects:
        # The mirror line's direction u (angle theta / 2): along it nothing moves, across it the plane folds.
        u = np.array([math.cos(theta / 2), math.sin(theta / 2)])
        along, across = np.outer(u, u), np.eye(2) - np.outer(u, u)
        return (along + (1 - 2 * t) * across) @ stretch
    return _rotation(t * theta) @ stretch
